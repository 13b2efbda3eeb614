package io.ingestlens.runtime.otel.backpressure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wiring into the SDK autoconfigure builds; sending and resending are {@link ResenderTest}'s. */
class TelemetryBackpressureTest {

  @Test
  void withBlockEverySpanAndLogRecordCountsUntilItsExportEnds() throws Exception {
    try (ServiceTelemetry telemetry = start(TelemetryOverflow.BLOCK, "otlp")) {
      TelemetryBackpressure backpressure = telemetry.backpressure();
      TelemetryBackpressure.Mark before = backpressure.mark();
      make(telemetry.openTelemetry(), 10);

      assertThat(backpressure.describe()).isEqualTo("10 spans (queue 16), 10 log records (queue 16) in flight");
      assertThat(backpressure.hasRoomFor(6)).isTrue();
      assertThat(backpressure.hasRoomFor(7)).isFalse();
      assertThat(backpressure.exported(before).isSuccess()).as("nothing handed before the first mark").isTrue();
      assertThat(backpressure.exported(backpressure.mark()).isDone())
          .as("the collector is unreachable: nothing exported").isFalse();
      assertThat(backpressure.awaitRoomFor(7, Duration.ofMillis(50), "test waits")).isFalse();
    }
  }

  @Test
  void unsampledSpansDoNotCount() throws Exception {
    Map<String, String> neverSampled = Map.of("otel.traces.sampler", "always_off");
    try (ServiceTelemetry telemetry = start(TelemetryOverflow.BLOCK, "otlp", neverSampled)) {
      telemetry.openTelemetry().getTracer("t").spanBuilder("s").startSpan().end();

      assertThat(telemetry.backpressure().describe()).startsWith("0 spans (queue 16)");
    }
  }

  @Test
  void withDropNothingCountsAndNobodyWaits() throws Exception {
    try (ServiceTelemetry telemetry = start(TelemetryOverflow.DROP, "otlp")) {
      make(telemetry.openTelemetry(), 40);

      assertThat(telemetry.backpressure().describe()).isEqualTo("no telemetry counted");
      assertThat(telemetry.backpressure().hasRoomFor(1_000_000)).isTrue();
      assertThat(telemetry.backpressure().exported(telemetry.backpressure().mark()).isSuccess()).isTrue();
    }
  }

  @Test
  void onlyOtlpExportersAreCounted() throws Exception {
    try (ServiceTelemetry telemetry = start(TelemetryOverflow.BLOCK, "none")) {
      make(telemetry.openTelemetry(), 40);

      assertThat(telemetry.backpressure().describe()).isEqualTo("no telemetry counted");
      assertThat(telemetry.backpressure().hasRoomFor(1_000_000)).isTrue();
    }
  }

  private static void make(OpenTelemetry openTelemetry, int each) {
    Tracer tracer = openTelemetry.getTracer("t");
    var logger = openTelemetry.getLogsBridge().get("t");
    for (int i = 0; i < each; i++) {
      tracer.spanBuilder("s" + i).startSpan().end();
      logger.logRecordBuilder().setBody("r" + i).emit();
    }
  }

  private static ServiceTelemetry start(TelemetryOverflow overflow, String exporter) throws IOException {
    return start(overflow, exporter, Map.of());
  }

  private static ServiceTelemetry start(TelemetryOverflow overflow, String exporter, Map<String, String> extra)
      throws IOException {
    Map<String, String> settings = new HashMap<>(extra);
    settings.put("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + closedPort());
    settings.put("otel.traces.exporter", exporter);
    settings.put("otel.logs.exporter", exporter);
    settings.put("otel.metrics.exporter", "none");
    settings.put("otel.java.exporter.otlp.retry.disabled", "true"); // a refused export fails at once
    settings.put("otel.bsp.max.queue.size", "16");
    settings.put("otel.blrp.max.queue.size", "16");
    settings.put("otel.bsp.schedule.delay", "60000"); // nothing leaves before the test looks
    settings.put("otel.blrp.schedule.delay", "60000");
    return ServiceTelemetry.builder("svc", "test.backpressure")
        .overrides(settings)
        .overflow(overflow)
        .start();
  }

  /** A port nothing listens on: every export is refused at once. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
