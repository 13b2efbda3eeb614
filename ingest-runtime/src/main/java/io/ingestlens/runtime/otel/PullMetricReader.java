package io.ingestlens.runtime.otel;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.util.List;

/**
 * A metric reader that exports nothing and collects only when asked: registered beside whatever
 * exporter the environment set, it lets a program read its own cumulative metrics in memory (the
 * quickstart's summary table, the benchmark's delay histogram). Each reader keeps its own storage,
 * so every measurement costs a little more while one is registered.
 */
public final class PullMetricReader implements MetricReader {

  private volatile CollectionRegistration registration = CollectionRegistration.noop();

  /** Every metric of the meter provider, as of now. */
  public List<MetricData> collect() {
    return List.copyOf(registration.collectAllMetrics());
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
