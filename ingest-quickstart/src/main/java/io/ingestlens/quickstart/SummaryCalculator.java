package io.ingestlens.quickstart;

import io.ingestlens.runtime.otel.IngestionAttributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns the processor's metrics and the hop recorder into one summary line per source. */
final class SummaryCalculator {

  private SummaryCalculator() {}

  static List<SourceSummary> summarize(Collection<MetricData> metrics, Map<String, Long> crossed) {
    Map<String, long[]> runs = new TreeMap<>(); // source -> {runs, failures}
    Map<String, List<HistogramPointData>> durations = new TreeMap<>();
    Map<String, Double> maxMemory = new TreeMap<>();
    for (MetricData metric : metrics) {
      switch (metric.getName()) {
        case "ingestion.runs" -> {
          for (LongPointData p : metric.getLongSumData().getPoints()) {
            long[] counts = runs.computeIfAbsent(source(p.getAttributes()), s -> new long[2]);
            counts[0] += p.getValue();
            if ("FAILED".equals(p.getAttributes().get(IngestionAttributes.STATUS))) {
              counts[1] += p.getValue();
            }
          }
        }
        case "ingestion.run.duration" -> {
          for (HistogramPointData p : metric.getHistogramData().getPoints()) {
            durations.computeIfAbsent(source(p.getAttributes()), s -> new ArrayList<>()).add(p);
          }
        }
        case "ingestion.run.memory" -> {
          for (HistogramPointData p : metric.getHistogramData().getPoints()) {
            if (p.hasMax()) {
              maxMemory.merge(source(p.getAttributes()), p.getMax(), Math::max);
            }
          }
        }
        default -> {}
      }
    }
    List<SourceSummary> rows = new ArrayList<>();
    runs.forEach(
        (source, counts) ->
            rows.add(
                new SourceSummary(
                    source,
                    counts[0],
                    counts[1],
                    quantile(0.95, durations.getOrDefault(source, List.of())),
                    maxMemory.getOrDefault(source, Double.NaN),
                    crossed.getOrDefault(source, 0L))));
    return rows;
  }

  private static String source(io.opentelemetry.api.common.Attributes attributes) {
    String source = attributes.get(IngestionAttributes.SOURCE);
    return source == null ? "?" : source;
  }

  /**
   * The q-quantile of merged histogram points, interpolated linearly inside the bucket as
   * Prometheus' histogram_quantile does (lowest bucket starts at 0; the overflow bucket reports the
   * highest finite boundary).
   */
  static double quantile(double q, List<HistogramPointData> points) {
    if (points.isEmpty()) {
      return Double.NaN;
    }
    List<Double> bounds = points.get(0).getBoundaries();
    long[] counts = new long[bounds.size() + 1];
    long total = 0;
    for (HistogramPointData p : points) {
      List<Long> c = p.getCounts();
      for (int i = 0; i < counts.length; i++) {
        counts[i] += c.get(i);
      }
      total += p.getCount();
    }
    if (total == 0) {
      return Double.NaN;
    }
    double rank = q * total;
    long cumulative = 0;
    for (int i = 0; i < counts.length; i++) {
      if (cumulative + counts[i] >= rank && counts[i] > 0) {
        if (i == bounds.size()) {
          return bounds.get(bounds.size() - 1);
        }
        double lower = i == 0 ? 0 : bounds.get(i - 1);
        double upper = bounds.get(i);
        return lower + (upper - lower) * (rank - cumulative) / counts[i];
      }
      cumulative += counts[i];
    }
    return bounds.get(bounds.size() - 1);
  }
}
