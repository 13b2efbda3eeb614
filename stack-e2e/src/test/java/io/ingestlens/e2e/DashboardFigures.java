package io.ingestlens.e2e;

import io.ingestlens.e2e.PanelQueryRunner.Result;
import io.ingestlens.e2e.PanelQueryRunner.Series;
import io.ingestlens.e2e.scenario.HistogramQuantile;
import io.ingestlens.e2e.scenario.LegacyRuns;
import io.ingestlens.e2e.scenario.LegacyRuns.Run;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The figures the dashboard must show for the runs of a legacy file, per panel, when the source
 * variable selects some of its sources: counts, rates, maxima and means exactly; quantiles as
 * Prometheus' {@code histogram_quantile} computes them from the file's values and the buckets the
 * backend holds.
 */
final class DashboardFigures {

  /** What a panel query must return. */
  sealed interface Expected {
    /** One value (a stat): the first series' last value. */
    record Value(double value) implements Expected {}

    /** One value per source: the last value of the series labelled with that source. */
    record PerSource(Map<String, Double> values) implements Expected {}

    /** A log query's number of lines. */
    record Lines(int count) implements Expected {}
  }

  /** Bucket bounds of the three run histograms, as the backend holds them ({@code le}). */
  record Buckets(List<Double> duration, List<Double> cpuTime, List<Double> memory) {}

  private final LegacyRuns runs;
  private final Buckets buckets;

  DashboardFigures(LegacyRuns runs, Buckets buckets) {
    this.runs = runs;
    this.buckets = buckets;
  }

  /**
   * What each panel (by title) must show for these sources; a panel with no known figure is left
   * out.
   *
   * @param maxLines the line limit of each log panel, by title
   */
  Map<String, Expected> forSources(Set<String> sources, Map<String, Integer> maxLines) {
    Map<String, Expected> e = new LinkedHashMap<>();
    e.put("Successful runs", new Expected.Value(runs.successes(sources)));
    e.put("Failed runs", new Expected.Value(runs.failures(sources)));
    e.put("Failure rate", new Expected.Value(runs.failureRate(sources)));
    e.put("p95 run duration", new Expected.Value(quantile(sources, Run::durationS, buckets.duration())));
    e.put("Max memory of a run", new Expected.Value(runs.maxMemory(sources)));
    e.put("Sources reporting", new Expected.Value(sources.size()));
    e.put("Top sources by p95 run duration", perSource(sources, Run::durationS, buckets.duration()));
    runs.meanRecovery(sources).ifPresent(m -> e.put("MTTR", new Expected.Value(m)));
    Map<String, Double> mttr = new TreeMap<>();
    for (String source : sources) {
      runs.meanRecovery(Set.of(source)).ifPresent(m -> mttr.put(source, m));
    }
    e.put("MTTR by source", new Expected.PerSource(mttr));
    e.put("CPU time p95 by source", perSource(sources, Run::cpuTimeS, buckets.cpuTime()));
    e.put("Memory p95 by source", perSource(sources, r -> (double) r.memoryBytes(), buckets.memory()));
    e.put("Runs", new Expected.Lines((int) Math.min(runs.of(sources).size(), maxLines.getOrDefault("Runs", 1000))));
    e.put(
        "Five most recent failed runs",
        new Expected.Lines((int) Math.min(runs.failures(sources), maxLines.getOrDefault("Five most recent failed runs", 1000))));
    return e;
  }

  private Expected.PerSource perSource(Set<String> sources, ToDoubleFunction<Run> value, List<Double> bounds) {
    Map<String, Double> values = new TreeMap<>();
    for (String source : sources) {
      values.put(source, quantile(Set.of(source), value, bounds));
    }
    return new Expected.PerSource(values);
  }

  private double quantile(Collection<String> sources, ToDoubleFunction<Run> value, List<Double> bounds) {
    return HistogramQuantile.of(0.95, bounds, runs.of(sources).stream().map(r -> value.applyAsDouble(r)).toList());
  }

  /** Why the result does not show the expected figure, or empty when it does. */
  static Optional<String> mismatch(Expected expected, Result result) {
    if (result.raw().startsWith("ERROR")) {
      return Optional.of("the backend refused it: " + result.raw());
    }
    if (expected instanceof Expected.Lines lines) {
      return result.lines().size() == lines.count()
          ? Optional.empty()
          : Optional.of(lines.count() + " log lines expected, " + result.lines().size() + " returned");
    }
    if (expected instanceof Expected.Value value) {
      if (result.series().size() != 1) {
        return Optional.of("one value " + value.value() + " expected, " + result.series().size() + " series returned");
      }
      double got = result.series().get(0).last();
      return close(got, value.value()) ? Optional.empty() : Optional.of(value.value() + " expected, " + got + " returned");
    }
    Expected.PerSource perSource = (Expected.PerSource) expected;
    Map<String, Double> got = new TreeMap<>();
    for (Series s : result.series()) {
      got.put(s.labels().getOrDefault("ingestion_source", "(no ingestion_source label)"), s.last());
    }
    for (Map.Entry<String, Double> e : perSource.values().entrySet()) {
      Double value = got.get(e.getKey());
      if (value == null || !close(value, e.getValue())) {
        return Optional.of("per source " + perSource.values() + " expected, " + got + " returned");
      }
    }
    return Optional.empty();
  }

  /** Equal up to the rounding of sums done in another order (and of epoch-second differences). */
  static boolean close(double got, double expected) {
    return Math.abs(got - expected) <= 1e-9 * Math.max(1, Math.abs(expected)) + 1e-6;
  }
}
