package io.ingestlens.bench;

import io.ingestlens.producer.legacy.LegacyWriter;

import io.ingestlens.kafka.InProcessKafka;
import io.ingestlens.runtime.otel.backpressure.TelemetryOverflow;
import io.ingestlens.testkit.OtlpReceiver;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The pipeline benchmark: one in-process broker, one data set, every case.
 *
 * <pre>
 * ./mvnw -q -pl ingest-bench -am package -DskipTests
 * java -Xmx512m -jar ingest-bench/target/ingest-bench.jar [--events N] [--repeat N] [--jfr FILE]
 * </pre>
 *
 * <p>Never part of the build's tests: it takes minutes and its figures depend on the machine.
 * See docs/performance.md for what each figure means and the targets it is checked against.
 */
public final class PipelineBenchmark {

  static final String SAMPLED_TOPIC = "ingestion-logs";
  static final String RATIO_TOPIC = "ingestion-logs-ratio";
  static final String LIVE_TOPIC = "ingestion-logs-live";
  static final String REPLAY_TOPIC = "ingestion-logs-replay";
  static final int PARTITIONS = 3;

  /** The cases, in the order each round runs them. */
  enum Case {
    CEILING("poll-only consumer (ceiling)", false),
    NOOP("processor, no-op OpenTelemetry", false),
    FULL("processor, full telemetry", true),
    HIGH_RATE("processor, high-rate profile", true),
    /** Full telemetry with overflow drop whatever --overflow says: the other side of the trade. */
    FULL_DROP("processor, full telemetry, overflow drop", false),
    REPLAY("producer replay, full telemetry", true);

    private final String label;
    private final boolean followsOverflow;

    Case(String label, boolean followsOverflow) {
      this.label = label;
      this.followsOverflow = followsOverflow;
    }

    /** The label, saying which overflow setting the case ran with when --overflow decides it. */
    String label(TelemetryOverflow overflow) {
      if (!followsOverflow) {
        return label;
      }
      return overflow == TelemetryOverflow.BLOCK ? label + " (block)" : label + ", overflow drop";
    }

    /** The overflow setting the case runs with. */
    TelemetryOverflow overflow(TelemetryOverflow option) {
      return this == FULL_DROP ? TelemetryOverflow.DROP : option;
    }
  }

  /** The consuming cases, in the order each round runs them. */
  static final List<Case> CONSUMING = List.of(Case.CEILING, Case.NOOP, Case.FULL, Case.HIGH_RATE, Case.FULL_DROP);

  private final BenchOptions options;
  private final PrintStream out;
  private final long started = System.nanoTime();

  PipelineBenchmark(BenchOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public static void main(String[] args) {
    BenchOptions options;
    try {
      Optional<BenchOptions> parsed = BenchOptions.parse(args, System.out);
      if (parsed.isEmpty()) {
        return; // --help
      }
      options = parsed.get();
    } catch (IllegalArgumentException e) {
      System.err.println("ingest-bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    int code = 0;
    try {
      new PipelineBenchmark(options, System.out).run();
    } catch (Exception e) {
      System.err.println("benchmark failed: " + e);
      e.printStackTrace();
      code = 1;
    }
    System.exit(code); // client and broker threads would otherwise keep the JVM alive
  }

  void run() throws Exception {
    Machine machine = Machine.current();
    Report report = new Report(out, options, machine, LocalDate.now());
    report.header();
    Map<Case, List<CaseResult>> runs = new LinkedHashMap<>();
    for (Case c : Case.values()) {
      runs.put(c, new ArrayList<>());
    }
    Map<String, String> otel = options.otel();
    Path work = Files.createTempDirectory("ingest-bench-");
    try (OtlpReceiver receiver = OtlpReceiver.start(options.receiver());
        InProcessKafka kafka = InProcessKafka.start()) {
      String bs = kafka.bootstrapServers();
      for (String topic : List.of(SAMPLED_TOPIC, RATIO_TOPIC, LIVE_TOPIC)) {
        kafka.createTopic(topic, PARTITIONS, Duration.ofSeconds(30));
      }
      progress("publishing %,d events to %s and %s", options.events(), SAMPLED_TOPIC, RATIO_TOPIC);
      Dataset.Stats data = Dataset.publish(bs, options.sample(), options.events(), SAMPLED_TOPIC, RATIO_TOPIC);
      progress("published in %.1f s (%.0f B per event on average)", data.seconds(), data.meanBytes());
      MemoryProbe.Reading baseline = MemoryProbe.read();

      // One unreported round first: the JIT compiles the consumer, the processor, the SDK and the
      // broker's fetch path, and G1 sizes its generations, before anything is measured.
      progress("warm-up round (not reported)");
      for (Case c : CONSUMING) {
        if (selected(c)) {
          runCase(c, bs, "warm-up", options.events(), receiver, false);
        }
      }
      for (int round = 1; round <= options.repeat(); round++) {
        for (Case c : CONSUMING) {
          if (selected(c)) {
            // The last round also reads the heap half-way through a full-telemetry run (one full GC in it).
            boolean probe = c == Case.FULL && round == options.repeat();
            record(runs, c, round, runCase(c, bs, Integer.toString(round), options.events(), receiver, probe));
          }
        }
      }

      Map<CodecRun.Operation, CodecRun.Result> codec = null;
      if (options.runs(BenchOptions.Part.CODEC)) {
        codec = codec();
      }

      DelayProbe.Outcome delays = null;
      if (options.runs(BenchOptions.Part.DELAY)) {
        progress("paced rates %s events/s, %d s each, full telemetry, overflow %s", options.rates(), options.delaySeconds(),
            options.overflow());
        quiesce();
        delays = DelayProbe.run(bs, LIVE_TOPIC, options.sample(), options.rates(), options.delaySeconds(), receiver, otel,
            options.kafka(), options.overflow());
        delays.results().forEach(d ->
            progress("  %,d/s: p50 %.2f ms, p99 %.2f ms (%d samples)", d.rate(), d.p50Ms(), d.p99Ms(), d.samples()));
      }

      long legacyBytes = -1;
      JfrProfile.Analysis replayProfile = null;
      if (options.runs(BenchOptions.Part.REPLAY)) {
        Path legacy = work.resolve("legacy-runs.json");
        progress("writing a legacy file of %,d records", options.replayRecords());
        legacyBytes = LegacyWriter.write(legacy, options.replayRecords(), Dataset.generator(options.sample(), Dataset.SEED + 2));
        progress("legacy file: %,d bytes", legacyBytes);
        // An unreported replay of a fifth of the records first, for the same reason as above.
        Path warmUpFile = work.resolve("legacy-warm-up.json");
        LegacyWriter.write(warmUpFile, Math.max(1, options.replayRecords() / 5), Dataset.generator(options.sample(), Dataset.SEED + 3));
        quiesce();
        ReplayRun.run(bs, warmUpFile, REPLAY_TOPIC + "-warm-up", Math.max(1, options.replayRecords() / 5), receiver, otel,
            options.overflow());
        Files.deleteIfExists(warmUpFile);
        for (int round = 1; round <= options.repeat(); round++) {
          quiesce();
          record(runs, Case.REPLAY, round,
              ReplayRun.run(bs, legacy, REPLAY_TOPIC + "-" + round, options.replayRecords(), receiver, otel,
                  options.overflow()));
        }
        if (options.jfr() != null) {
          Path file = replayProfileFile(options.jfr());
          progress("profiling one more replay with JFR into %s", file);
          quiesce();
          try (JfrProfile jfr = JfrProfile.start(file)) {
            ReplayRun.run(bs, legacy, REPLAY_TOPIC + "-jfr", options.replayRecords(), receiver, otel, options.overflow());
          }
          replayProfile = JfrProfile.Analysis.of(file);
        }
        Files.deleteIfExists(legacy);
      }

      JfrProfile.Analysis fullProfile = null;
      if (options.jfr() != null && selected(Case.FULL)) {
        progress("profiling one more full-telemetry run (overflow %s) with JFR into %s", options.overflow(), options.jfr());
        quiesce();
        try (JfrProfile jfr = JfrProfile.start(options.jfr())) {
          ProcessorRun.run(bs, SAMPLED_TOPIC, "bench-jfr", options.events(), TelemetryProfile.FULL, options.overflow(),
              receiver, otel, options.kafka(), options.workers(), false);
        }
        fullProfile = JfrProfile.Analysis.of(options.jfr());
      }

      report.data(data, legacyBytes);
      report.results(runs, delays, baseline);
      if (codec != null) {
        report.codec(codec);
      }
      if (fullProfile != null) {
        report.profile(Case.FULL.label(options.overflow()), fullProfile);
      }
      if (replayProfile != null) {
        report.profile(Case.REPLAY.label(options.overflow()), replayProfile);
      }
      progress("done");
    } finally {
      deleteQuietly(work);
    }
  }

  private boolean selected(Case c) {
    return switch (c) {
      case CEILING -> options.runs(BenchOptions.Part.CEILING);
      case NOOP -> options.runs(BenchOptions.Part.NOOP);
      case FULL -> options.runs(BenchOptions.Part.FULL);
      case HIGH_RATE -> options.runs(BenchOptions.Part.HIGH_RATE);
      // With --overflow drop the full case is this one already.
      case FULL_DROP -> options.runs(BenchOptions.Part.FULL_DROP) && options.overflow() == TelemetryOverflow.BLOCK;
      case REPLAY -> options.runs(BenchOptions.Part.REPLAY);
    };
  }

  /** One run of a consuming case, each with a consumer group of its own, from a collected heap. */
  private CaseResult runCase(Case c, String bs, String run, long events, OtlpReceiver receiver, boolean probeMemory)
      throws InterruptedException {
    TelemetryOverflow overflow = c.overflow(options.overflow());
    quiesce();
    String group = "bench-" + c.name().toLowerCase(Locale.ROOT) + "-" + run;
    Map<String, String> otel = options.otel();
    Map<String, String> kafka = options.kafka();
    return switch (c) {
      case CEILING -> CeilingRun.run(bs, SAMPLED_TOPIC, group, events, kafka);
      case NOOP -> ProcessorRun.run(bs, SAMPLED_TOPIC, group, events, null, overflow, receiver, otel, kafka,
          options.workers(), false);
      case FULL, FULL_DROP -> ProcessorRun.run(bs, SAMPLED_TOPIC, group, events, TelemetryProfile.FULL, overflow, receiver,
          otel, kafka, options.workers(), probeMemory);
      case HIGH_RATE -> ProcessorRun.run(bs, RATIO_TOPIC, group, events, TelemetryProfile.HIGH_RATE, overflow, receiver,
          otel, kafka, options.workers(), probeMemory);
      case REPLAY -> throw new IllegalArgumentException("the replay is not a consuming case");
    };
  }

  /** The codec alone: one unreported round, then --repeat rounds; medians. */
  private Map<CodecRun.Operation, CodecRun.Result> codec() throws InterruptedException {
    quiesce();
    CodecRun codec = CodecRun.prepare(options.sample(), options.events());
    progress("codec alone: %,d distinct events, %,d per operation and round, one thread", codec.distinct(), options.events());
    codec.round(); // warm-up
    List<Map<CodecRun.Operation, CodecRun.Result>> rounds = new ArrayList<>();
    for (int round = 1; round <= options.repeat(); round++) {
      quiesce();
      Map<CodecRun.Operation, CodecRun.Result> r = codec.round();
      rounds.add(r);
      for (Map.Entry<CodecRun.Operation, CodecRun.Result> e : r.entrySet()) {
        progress("round %d  %-32s %,10.0f /s  %7.0f ns/event  %6.0f B/event", round, e.getKey().label,
            e.getValue().eventsPerSecond(), e.getValue().nanosPerEvent(), e.getValue().bytesPerEvent());
      }
    }
    progress("codec checksum %d", codec.checksum());
    return CodecRun.medians(rounds);
  }

  /** Where --jfr FILE puts the replay's recording: FILE with -replay before its extension. */
  static Path replayProfileFile(Path jfr) {
    String name = jfr.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String replay = dot > 0 ? name.substring(0, dot) + "-replay" + name.substring(dot) : name + "-replay";
    return jfr.resolveSibling(replay);
  }

  /** Each case starts from a collected heap, not from the garbage the previous one left. */
  private static void quiesce() {
    System.gc();
  }

  private void record(Map<Case, List<CaseResult>> runs, Case c, int round, CaseResult result) {
    runs.get(c).add(result);
    String rate = result.lostTelemetry() ? result.received().losses() : String.format("%,10.0f /s", result.rate());
    progress("round %d  %-48s %s  %6.2f us CPU/event (service), %6.2f us (process), other load %.2f cores%s",
        round, c.label(options.overflow()), rate, result.serviceCpuMicros(), result.processCpuMicros(), result.otherLoad(),
        result.received() == null ? ""
            : String.format(", received %,.0f spans and %,.0f logs, %s, drain %.1f s", result.receivedSpans(),
                result.receivedLogs(), result.lostTelemetry() ? "NOT lossless" : "lossless", result.drainSeconds()));
  }

  private void progress(String format, Object... args) {
    System.err.printf("[%6.1f s] %s%n", (System.nanoTime() - started) / 1e9, String.format(format, args));
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp folder left behind is not worth failing the run
    }
  }
}
