package io.ingestlens.producer.generate;

import io.ingestlens.event.EventIds;
import io.ingestlens.event.Ingested;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.event.Origin;
import io.ingestlens.event.Resources;
import io.ingestlens.event.Run;
import io.ingestlens.event.Tenant;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Makes live events from a profile. Event {@code n} of seed {@code s} is always the same event
 * (only its times follow the clock) with id {@code EventIds.forGenerated(s, n)}: each event draws
 * from its own random stream seeded by (seed, n), in a fixed order.
 */
public final class EventGenerator {

  static final long MB = 1024 * 1024;
  /** Runs that are not --heavy-source stay under the resource alert thresholds (150 MB, 60 s). */
  static final double BASELINE_MAX_MEMORY = 140 * MB;
  static final double BASELINE_MAX_CPU_S = 55;
  static final String GENERIC_FAILURE = "run failed (generated)";

  private final long seed;
  private final GeneratorKnobs knobs;
  private final List<Prototype> candidates;
  private final List<Prototype> burstCandidates;
  private final List<String> allFailures = new ArrayList<>();
  private final Map<String, List<String>> failuresBySource = new HashMap<>();

  /** @throws IllegalArgumentException when a knob names a source or object the profile lacks */
  public EventGenerator(GeneratorProfile profile, GeneratorKnobs knobs, long seed) {
    this.seed = seed;
    this.knobs = knobs;
    Set<String> sources = profile.sources();
    checkKnown("source", knobs.silentSources(), sources);
    checkKnown("source", knobs.heavySources(), sources);
    checkKnown("source", knobs.slowSources().keySet(), sources);
    this.candidates =
        profile.prototypes().stream().filter(p -> !knobs.silentSources().contains(p.source())).toList();
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("every source is silent: nothing to generate");
    }
    if (knobs.burstObject() != null) {
      checkKnown("object", Set.of(knobs.burstObject()), profile.objects());
      this.burstCandidates =
          candidates.stream().filter(p -> p.object().equals(knobs.burstObject())).toList();
      if (burstCandidates.isEmpty()) {
        throw new IllegalArgumentException("burst object " + knobs.burstObject() + " belongs to a silent source");
      }
    } else {
      this.burstCandidates = List.of();
    }
    for (Prototype failure : profile.failures()) {
      if (failure.description() != null) {
        allFailures.add(failure.description());
        failuresBySource.computeIfAbsent(failure.source(), s -> new ArrayList<>()).add(failure.description());
      }
    }
  }

  private static void checkKnown(String kind, Set<String> names, Set<String> known) {
    for (String name : names) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown " + kind + " " + name + "; known: " + String.join(", ", known));
      }
    }
  }

  /** Event {@code sequence} of this stream, ending at {@code now}. */
  public IngestionEvent next(long sequence, Instant now) {
    SplittableRandom random = new SplittableRandom(seed ^ (sequence * 0x9E3779B97F4A7C15L));
    double pick = random.nextDouble();
    boolean failed = random.nextDouble() < knobs.failureRate();
    double durationJitter = jitter(random);
    double cpuJitter = jitter(random);
    double memoryJitter = jitter(random);
    double heavyCpu = random.nextDouble();
    double heavyMemory = random.nextDouble();
    double message = random.nextDouble();

    List<Prototype> pool = failed && !burstCandidates.isEmpty() ? burstCandidates : candidates;
    Prototype prototype = pool.get((int) (pick * pool.size()));
    String source = prototype.source();

    double duration = prototype.durationS() * durationJitter * knobs.slowSources().getOrDefault(source, 1.0);
    double cpu = Math.min(BASELINE_MAX_CPU_S, prototype.cpuTimeS() * cpuJitter);
    double memory = Math.min(BASELINE_MAX_MEMORY, prototype.memoryBytes() * memoryJitter);
    if (knobs.heavySources().contains(source)) {
      // Clearly past the alert thresholds (150 MB, 60 s of CPU), and a wall time to match.
      cpu = 65 + 115 * heavyCpu;
      memory = (160 + 240 * heavyMemory) * MB;
      duration = Math.max(duration, cpu * 1.1);
    }
    duration = Math.round(duration * 1e6) / 1e6;
    Instant end = now.truncatedTo(ChronoUnit.MICROS);
    Instant start = end.minusNanos(Math.round(duration * 1e9));
    String description = failed ? failureMessage(source, message) : prototype.description();
    Run run = new Run(failed ? Run.FAILED : Run.SUCCESS, start, end, duration, description);
    return new IngestionEvent(
        IngestionEvent.SCHEMA_VERSION,
        EventIds.forGenerated(seed, sequence),
        IngestionEvent.EVENT_TYPE,
        run,
        new Ingested(source, prototype.object()),
        new Tenant(prototype.company(), prototype.zone()),
        new Resources(Math.max(0.01, Math.round(cpu * 100) / 100.0), Math.round(memory / 4096) * 4096),
        new Origin(Origin.GENERATE, null, null, null),
        Map.of());
  }

  /** A multiplicative spread around 1, log-normal like run times, kept within [0.7, 1.4]. */
  private static double jitter(SplittableRandom random) {
    return Math.min(1.4, Math.max(0.7, Math.exp(0.15 * random.nextGaussian())));
  }

  private String failureMessage(String source, double draw) {
    List<String> messages = failuresBySource.getOrDefault(source, allFailures);
    return messages.isEmpty() ? GENERIC_FAILURE : messages.get((int) (draw * messages.size()));
  }
}
