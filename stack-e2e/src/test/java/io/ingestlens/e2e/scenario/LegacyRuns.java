package io.ingestlens.e2e.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What a replay of a legacy file must show, computed from the file itself: runs, failures, sources,
 * objects, resources and times to recovery, per source. Naive times are UTC (the producer's
 * default {@code --zone}); {@code --rebase-time} moves every run by the same amount, which leaves
 * durations and times between runs as they are.
 */
public final class LegacyRuns {

  private static final DateTimeFormatter TIME =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter();

  /** One legacy record. {@code index} is its position in the file. */
  public record Run(
      int index,
      String status,
      String source,
      String object,
      String company,
      String zone,
      Instant start,
      Instant end,
      double durationS,
      double cpuTimeS,
      long memoryBytes,
      String description) {

    public boolean failed() {
      return "FAILED".equals(status);
    }
  }

  private final List<Run> runs;

  private LegacyRuns(List<Run> runs) {
    this.runs = List.copyOf(runs);
  }

  public static LegacyRuns read(Path file) {
    try {
      JsonNode array = new ObjectMapper().readTree(file.toFile());
      List<Run> runs = new ArrayList<>();
      int index = 0;
      for (JsonNode r : array) {
        runs.add(
            new Run(
                index++,
                r.path("Etat").asText(),
                r.path("Source").asText(),
                r.path("Objet").asText(),
                r.path("Entreprise").asText(),
                r.path("Zone").asText(),
                time(r.path("Debut").asText()),
                time(r.path("Fin").asText()),
                r.path("Duree secondes").asDouble(),
                r.path("cpu_time (sec)").asDouble(),
                r.path("memory_used (bytes)").asLong(),
                r.path("Description").asText()));
      }
      return new LegacyRuns(runs);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static Instant time(String text) {
    return LocalDateTime.parse(text, TIME).toInstant(ZoneOffset.UTC);
  }

  public List<Run> all() {
    return runs;
  }

  public int size() {
    return runs.size();
  }

  public Set<String> sources() {
    return sorted(Run::source, r -> true);
  }

  public Set<String> objects() {
    return sorted(Run::object, r -> true);
  }

  public Set<String> objects(String source) {
    return sorted(Run::object, r -> r.source().equals(source));
  }

  public Set<String> companies() {
    return sorted(Run::company, r -> true);
  }

  public Set<String> zones() {
    return sorted(Run::zone, r -> true);
  }

  public List<Run> of(Collection<String> sources) {
    return runs.stream().filter(r -> sources.contains(r.source())).toList();
  }

  public long successes(Collection<String> sources) {
    return of(sources).stream().filter(r -> "SUCCESS".equals(r.status())).count();
  }

  public long failures(Collection<String> sources) {
    return of(sources).stream().filter(Run::failed).count();
  }

  public List<Run> failedRuns() {
    return runs.stream().filter(Run::failed).toList();
  }

  /** The failure rate of these sources' runs, as the dashboard computes it. */
  public double failureRate(Collection<String> sources) {
    return (double) failures(sources) / of(sources).size();
  }

  public long maxMemory(Collection<String> sources) {
    return of(sources).stream().mapToLong(Run::memoryBytes).max().orElseThrow();
  }

  public Instant newestEnd() {
    return runs.stream().map(Run::end).max(Instant::compareTo).orElseThrow();
  }

  public Instant lastEnd(String source) {
    return of(Set.of(source)).stream().map(Run::end).max(Instant::compareTo).orElseThrow();
  }

  /** The run that ended first: after a rebase, the one furthest in the past. */
  public Run oldest() {
    return runs.stream().min((a, b) -> a.end().compareTo(b.end())).orElseThrow();
  }

  /**
   * Times to recovery in seconds, per source and object in file order (the order the processor
   * sees them, one partition per key): from the first failure after a success to the end of the
   * next success.
   */
  public List<Double> recoveries(Collection<String> sources) {
    Map<String, Instant> firstFailureEnd = new HashMap<>();
    List<Double> recoveries = new ArrayList<>();
    for (Run r : of(sources)) {
      String key = r.source() + "/" + r.object();
      if (r.failed()) {
        firstFailureEnd.putIfAbsent(key, r.end());
      } else if ("SUCCESS".equals(r.status()) && firstFailureEnd.containsKey(key)) {
        Duration d = Duration.between(firstFailureEnd.get(key), r.end());
        if (!d.isNegative()) {
          firstFailureEnd.remove(key);
          recoveries.add(d.toNanos() / 1e9);
        }
      }
    }
    return recoveries;
  }

  /** Mean time to recovery, or empty when no run of these sources recovered. */
  public OptionalDouble meanRecovery(Collection<String> sources) {
    return recoveries(sources).stream().mapToDouble(Double::doubleValue).average();
  }

  private Set<String> sorted(java.util.function.Function<Run, String> field, Predicate<Run> filter) {
    return runs.stream().filter(filter).map(field).collect(Collectors.toCollection(TreeSet::new));
  }
}
