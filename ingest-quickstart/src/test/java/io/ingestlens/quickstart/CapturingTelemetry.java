package io.ingestlens.quickstart;

import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One service's SDK, built by the production setup ({@link ServiceTelemetry}) with in-memory
 * exporters beside it instead of OTLP, so tests see exactly what the service emits.
 */
final class CapturingTelemetry implements AutoCloseable {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
  private final ServiceTelemetry telemetry;

  CapturingTelemetry(String serviceName, String loggerName) {
    telemetry =
        ServiceTelemetry.builder(serviceName, loggerName)
            .overrides(Map.of(
                "otel.service.name", serviceName,
                "otel.traces.exporter", "none",
                "otel.metrics.exporter", "none",
                "otel.logs.exporter", "none"))
            .customize(c -> {
              c.addTracerProviderCustomizer((b, cfg) -> b.addSpanProcessor(SimpleSpanProcessor.create(spans)));
              c.addMeterProviderCustomizer((b, cfg) -> b.registerMetricReader(metrics));
              c.addLoggerProviderCustomizer(
                  (b, cfg) -> b.addLogRecordProcessor(SimpleLogRecordProcessor.create(logs)));
            })
            .start();
  }

  static CapturingTelemetry producer() {
    return new CapturingTelemetry("ingest-producer", "io.ingestlens.producer");
  }

  static CapturingTelemetry processor() {
    return new CapturingTelemetry("ingest-processor", "io.ingestlens.processor");
  }

  OpenTelemetry openTelemetry() {
    return telemetry.openTelemetry();
  }

  ServiceTelemetry service() {
    return telemetry;
  }

  List<SpanData> spans() {
    return spans.getFinishedSpanItems();
  }

  Collection<MetricData> metrics() {
    return metrics.collectAllMetrics();
  }

  List<LogRecordData> logs() {
    return logs.getFinishedLogRecordItems();
  }

  @Override
  public void close() {
    telemetry.close();
  }
}
