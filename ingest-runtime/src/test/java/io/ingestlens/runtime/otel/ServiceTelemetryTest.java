package io.ingestlens.runtime.otel;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceTelemetryTest {

  private static final Map<String, String> NO_EXPORT =
      Map.of("otel.traces.exporter", "none", "otel.metrics.exporter", "none", "otel.logs.exporter", "none");

  @Test
  void resourceNamesTheServiceAndItsInstance() {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    List<SpanData> finished = new ArrayList<>();
    try (ServiceTelemetry telemetry =
        ServiceTelemetry.start(
            "svc-a",
            "test.a",
            NO_EXPORT,
            c -> c.addTracerProviderCustomizer((b, cfg) -> b.addSpanProcessor(SimpleSpanProcessor.create(spans))))) {
      telemetry.openTelemetry().getTracer("t").spanBuilder("s").startSpan().end();
      finished.addAll(spans.getFinishedSpanItems()); // shutdown clears the in-memory exporter
    }

    SpanData span = finished.get(0);
    assertThat(span.getResource().getAttributes())
        .containsEntry("service.name", "svc-a")
        .containsEntry("service.namespace", "ingestlens")
        .containsEntry("deployment.environment.name", "local")
        .containsKey(AttributeKey.stringKey("service.instance.id"))
        .containsKey(AttributeKey.stringKey("service.version"));
    assertThat(span.getResource().getAttribute(AttributeKey.stringKey("service.version")))
        .isNotEqualTo("unknown")
        .doesNotContain("${");
  }

  @Test
  void twoServicesInOneJvmKeepTheirOwnNameAndInstance() {
    List<SpanData> finished = new ArrayList<>();
    for (String name : new String[] {"svc-a", "svc-b"}) {
      InMemorySpanExporter spans = InMemorySpanExporter.create();
      try (ServiceTelemetry telemetry =
          ServiceTelemetry.start(
              name,
              "test." + name,
              NO_EXPORT,
              c -> c.addTracerProviderCustomizer((b, cfg) -> b.addSpanProcessor(SimpleSpanProcessor.create(spans))))) {
        telemetry.openTelemetry().getTracer("t").spanBuilder("s").startSpan().end();
        finished.addAll(spans.getFinishedSpanItems());
      }
    }

    assertThat(finished)
        .extracting(s -> s.getResource().getAttribute(AttributeKey.stringKey("service.name")))
        .containsExactly("svc-a", "svc-b");
    assertThat(finished)
        .extracting(s -> s.getResource().getAttribute(AttributeKey.stringKey("service.instance.id")))
        .doesNotHaveDuplicates();
  }
}
