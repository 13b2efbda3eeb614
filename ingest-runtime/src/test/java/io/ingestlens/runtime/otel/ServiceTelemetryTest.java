package io.ingestlens.runtime.otel;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ServiceTelemetryTest {

  private static final Map<String, String> NO_EXPORT =
      Map.of("otel.traces.exporter", "none", "otel.metrics.exporter", "none", "otel.logs.exporter", "none");

  @Test
  void resourceNamesTheServiceAndItsInstance() {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    List<SpanData> finished = new ArrayList<>();
    try (ServiceTelemetry telemetry =
        ServiceTelemetry.builder("svc-a", "test.a")
            .overrides(NO_EXPORT)
            .customize(c -> c.addTracerProviderCustomizer((b, cfg) -> b.addSpanProcessor(SimpleSpanProcessor.create(spans))))
            .start()) {
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
          ServiceTelemetry.builder(name, "test." + name)
              .overrides(NO_EXPORT)
              .customize(c -> c.addTracerProviderCustomizer((b, cfg) -> b.addSpanProcessor(SimpleSpanProcessor.create(spans))))
              .start()) {
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

  @Test
  void propagatesW3cTraceContextOnlyUnlessToldOtherwise() {
    try (ServiceTelemetry telemetry = ServiceTelemetry.start("svc-a", "test.a", NO_EXPORT)) {
      assertThat(telemetry.openTelemetry().getPropagators().getTextMapPropagator().fields())
          .containsExactlyInAnyOrder("traceparent", "tracestate");
    }
    Map<String, String> withBaggage = new HashMap<>(NO_EXPORT);
    withBaggage.put("otel.propagators", "tracecontext,baggage");
    try (ServiceTelemetry telemetry = ServiceTelemetry.start("svc-a", "test.a", withBaggage)) {
      assertThat(telemetry.openTelemetry().getPropagators().getTextMapPropagator().fields())
          .contains("traceparent", "baggage");
    }
  }

  /** The limits are read once at start-up, and still from the standard settings. */
  @Test
  void logRecordsKeepTheConfiguredAttributeLimits() {
    InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
    Map<String, String> settings = new HashMap<>(NO_EXPORT);
    settings.put("otel.attribute.value.length.limit", "5");
    settings.put("otel.attribute.count.limit", "2");
    List<LogRecordData> emitted = new ArrayList<>();
    try (ServiceTelemetry telemetry =
        ServiceTelemetry.builder("svc-a", "test.limits")
            .overrides(settings)
            .customize(c -> c.addLoggerProviderCustomizer(
                (b, cfg) -> b.addLogRecordProcessor(SimpleLogRecordProcessor.create(logs))))
            .start()) {
      LoggerFactory.getLogger("test.limits")
          .atInfo()
          .addKeyValue("a", "abcdefgh")
          .addKeyValue("b", "x")
          .addKeyValue("c", "y")
          .log("limited");
      emitted.addAll(logs.getFinishedLogRecordItems());
    }

    assertThat(emitted).hasSize(1);
    assertThat(emitted.get(0).getAttributes().size()).isEqualTo(2);
    assertThat(emitted.get(0).getAttributes().get(AttributeKey.stringKey("a"))).isEqualTo("abcde");
  }

  /**
   * OTLP/HTTP goes out through the JDK's HttpClient (TCP_NODELAY), not OkHttp: on plain HTTP the
   * JDK client offers an upgrade to HTTP/2 ({@code Upgrade: h2c}), which OkHttp never does.
   */
  @Test
  void otlpHttpExportsGoThroughTheJdkHttpClient() throws Exception {
    List<String> upgrades = new CopyOnWriteArrayList<>();
    HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext("/v1/traces", exchange -> {
      try (exchange) {
        exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
        upgrades.add(String.valueOf(exchange.getRequestHeaders().getFirst("Upgrade")));
        exchange.sendResponseHeaders(200, -1);
      }
    });
    collector.start();
    try (ServiceTelemetry telemetry = ServiceTelemetry.builder("svc-a", "test.sender")
        .overrides(Map.of(
            "otel.traces.exporter", "otlp", "otel.metrics.exporter", "none", "otel.logs.exporter", "none",
            "otel.exporter.otlp.protocol", "http/protobuf",
            "otel.exporter.otlp.endpoint", "http://127.0.0.1:" + collector.getAddress().getPort()))
        .start()) {
      telemetry.openTelemetry().getTracer("t").spanBuilder("s").startSpan().end();
      assertThat(telemetry.flush(Duration.ofSeconds(10))).isTrue();
    } finally {
      collector.stop(0);
    }
    assertThat(upgrades).containsExactly("h2c");
  }
}
