package io.ingestlens.bench;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The processor's delivery-delay histogram, read in memory whenever the delay probe asks: a metric
 * reader beside the OTLP exporter that collects only then and hands back a histogram's cumulative
 * bucket counts. It doubles the cost of every measurement (each reader keeps its own storage), so
 * only the paced-rate phase uses it.
 */
final class DelayHistogramReader implements MetricReader {

  private volatile CollectionRegistration registration = CollectionRegistration.noop();

  /** Bucket boundaries and cumulative counts of one histogram, all its series added up. */
  record Histogram(List<Double> boundaries, List<Long> counts) {

    static final Histogram EMPTY = new Histogram(List.of(), List.of(0L));

    /** The counts recorded since {@code earlier}. */
    Histogram minus(Histogram earlier) {
      if (earlier.boundaries.isEmpty()) {
        return this;
      }
      List<Long> delta = new ArrayList<>();
      for (int i = 0; i < counts.size(); i++) {
        delta.add(counts.get(i) - earlier.counts.get(i));
      }
      return new Histogram(boundaries, delta);
    }

    double percentile(double p) {
      return boundaries.isEmpty() ? Double.NaN : Stats.histogramPercentile(boundaries, counts, p);
    }
  }

  Histogram histogram(String name) {
    List<Double> boundaries = List.of();
    long[] counts = null;
    for (MetricData metric : registration.collectAllMetrics()) {
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
      return Histogram.EMPTY;
    }
    List<Long> list = new ArrayList<>();
    for (long c : counts) {
      list.add(c);
    }
    return new Histogram(boundaries, list);
  }

  @Override
  public void register(CollectionRegistration registration) {
    this.registration = registration;
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return AggregationTemporality.CUMULATIVE;
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
