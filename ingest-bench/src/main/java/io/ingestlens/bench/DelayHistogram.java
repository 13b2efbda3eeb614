package io.ingestlens.bench;

import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Bucket boundaries and cumulative counts of one histogram, all its series added up: the
 * processor's delivery-delay histogram as a {@link io.ingestlens.runtime.otel.PullMetricReader}
 * beside its OTLP exporter collects it whenever the delay probe asks. That reader doubles the cost
 * of every measurement (each reader keeps its own storage), so only the paced-rate phase uses it.
 */
record DelayHistogram(List<Double> boundaries, List<Long> counts) {

  static final DelayHistogram EMPTY = new DelayHistogram(List.of(), List.of(0L));

  /** The histogram {@code name} among {@code metrics}, its series added up; empty when absent. */
  static DelayHistogram of(Collection<MetricData> metrics, String name) {
    List<Double> boundaries = List.of();
    long[] counts = null;
    for (MetricData metric : metrics) {
      if (!metric.getName().equals(name)) {
        continue;
      }
      for (HistogramPointData point : metric.getHistogramData().getPoints()) {
        boundaries = point.getBoundaries();
        if (counts == null) {
          counts = new long[point.getCounts().size()];
        }
        for (int i = 0; i < counts.length; i++) {
          counts[i] += point.getCounts().get(i);
        }
      }
    }
    if (counts == null) {
      return EMPTY;
    }
    List<Long> list = new ArrayList<>();
    for (long c : counts) {
      list.add(c);
    }
    return new DelayHistogram(boundaries, list);
  }

  /** The counts recorded since {@code earlier}. */
  DelayHistogram minus(DelayHistogram earlier) {
    if (earlier.boundaries.isEmpty()) {
      return this;
    }
    List<Long> delta = new ArrayList<>();
    for (int i = 0; i < counts.size(); i++) {
      delta.add(counts.get(i) - earlier.counts.get(i));
    }
    return new DelayHistogram(boundaries, delta);
  }

  double percentile(double p) {
    return boundaries.isEmpty() ? Double.NaN : Stats.histogramPercentile(boundaries, counts, p);
  }
}
