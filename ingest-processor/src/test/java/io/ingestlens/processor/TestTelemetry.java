package io.ingestlens.processor;

import io.ingestlens.runtime.otel.FailedRunsSampler;
import io.ingestlens.processor.telemetry.EventLog;
import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * An SDK like the service's (W3C propagation, failure-first parent-based sampler, the Logback
 * bridge on {@code io.ingestlens.processor}) exporting to memory.
 */
public final class TestTelemetry implements AutoCloseable {

  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
  public final OpenTelemetrySdk sdk;
  private final ServiceTelemetry service;

  public TestTelemetry() {
    this(Sampler.parentBased(Sampler.alwaysOn()));
  }

  TestTelemetry(Sampler sampler) {
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .setSampler(new FailedRunsSampler(sampler))
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .setLoggerProvider(
                SdkLoggerProvider.builder()
                    .addLogRecordProcessor(SimpleLogRecordProcessor.create(logs))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    service = ServiceTelemetry.wrap(sdk, "io.ingestlens.processor");
  }

  public Collection<MetricData> collect() {
    return metrics.collectAllMetrics();
  }

  public static Optional<MetricData> metric(Collection<MetricData> all, String name) {
    return all.stream().filter(m -> m.getName().equals(name)).findFirst();
  }

  /** A long counter's total over all its points; 0 when it was never recorded. */
  public static long sum(Collection<MetricData> all, String name) {
    return metric(all, name)
        .map(m -> m.getLongSumData().getPoints().stream().mapToLong(LongPointData::getValue).sum())
        .orElse(0L);
  }

  /** The run events ({@code ingestion.run}) emitted so far. */
  public List<LogRecordData> runEvents() {
    return logs.getFinishedLogRecordItems().stream()
        .filter(l -> EventLog.RUN_EVENT.equals(l.getEventName()))
        .toList();
  }

  /** The records a Logback logger of the service sent through the bridge (its name is their scope). */
  public List<LogRecordData> logsOf(String logger) {
    return logs.getFinishedLogRecordItems().stream()
        .filter(l -> l.getInstrumentationScopeInfo().getName().equals(logger))
        .toList();
  }

  @Override
  public void close() {
    service.close();
  }
}
