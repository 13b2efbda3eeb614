package io.ingestlens.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OtlpReceiverTest {

  @Test
  void decodesWhatAnExporterSendsAndBehavesAsToldInBetween() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
            .setEndpoint(receiver.endpoint() + "/v1/traces").setRetryPolicy(null).build();
        SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
      tracing.get("t").spanBuilder("first").setAttribute("k", "v").startSpan().end();
      assertThat(flushed(tracing)).isTrue();

      receiver.refuseWith(503);
      tracing.get("t").spanBuilder("refused").startSpan().end();
      assertThat(flushed(tracing)).isFalse();

      receiver.goAway();
      tracing.get("t").spanBuilder("nobody there").startSpan().end();
      assertThat(flushed(tracing)).isFalse();

      receiver.comeBack();
      receiver.accept();
      tracing.get("t").spanBuilder("back").startSpan().end();
      assertThat(flushed(tracing)).isTrue();

      assertThat(receiver.spans()).extracting(s -> s.span().getName()).containsExactly("first", "back");
      assertThat(receiver.spans().get(0).attribute("k")).isEqualTo("v");
      assertThat(receiver.refusedCount()).isEqualTo(1);
    }
  }

  @Test
  void aHeldExportWaitsUnansweredAndIsRefusedAndForgottenOnRelease() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
            .setEndpoint(receiver.endpoint() + "/v1/traces").setRetryPolicy(null).build();
        SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
      receiver.hold();
      tracing.get("t").spanBuilder("held").startSpan().end();
      CompletableFuture<Boolean> flush = CompletableFuture.supplyAsync(() -> flushed(tracing));
      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.heldCount() == 1);
      assertThat(flush).as("unanswered while held").isNotDone();

      receiver.release();

      assertThat(flush.get(10, TimeUnit.SECONDS)).as("answered with an error").isFalse();
      tracing.get("t").spanBuilder("after").startSpan().end();
      assertThat(flushed(tracing)).isTrue();
      assertThat(receiver.spans()).extracting(s -> s.span().getName()).containsExactly("after");
    }
  }

  @Test
  void metricExportsAreCountedPerInstanceAndCountersReadAtTheirNewestValue() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      for (String instance : new String[] {"a", "b"}) {
        OtlpHttpMetricExporter exporter = OtlpHttpMetricExporter.builder()
            .setEndpoint(receiver.endpoint() + "/v1/metrics").setRetryPolicy(null).build();
        try (SdkMeterProvider meters = SdkMeterProvider.builder()
            .setResource(Resource.create(Attributes.of(io.opentelemetry.api.common.AttributeKey.stringKey("service.instance.id"), instance)))
            .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
            .build()) {
          var counter = meters.get("m").counterBuilder("runs").build();
          counter.add(2);
          assertThat(meters.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
          counter.add(instance.equals("a") ? 3 : 0);
          assertThat(meters.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        }
      }

      // Two flushes each, plus the one of each provider's close.
      assertThat(receiver.metricExports()).isEqualTo(Map.of("a", 3, "b", 3));
      assertThat(receiver.counterTotals("runs")).isEqualTo(Map.of("a", 5L, "b", 2L));
    }
  }

  private static boolean flushed(SdkTracerProvider tracing) {
    CompletableResultCode result = tracing.forceFlush().join(10, TimeUnit.SECONDS);
    return result.isSuccess();
  }

  @Test
  void countingReceiversCountWhatTheDecodingOneKeeps() {
    try (OtlpReceiver everything = OtlpReceiver.start();
        OtlpReceiver decoded = OtlpReceiver.start(OtlpReceiver.Keeping.DECODED_COUNTS);
        OtlpReceiver wire = OtlpReceiver.start(OtlpReceiver.Keeping.WIRE_COUNTS)) {
      for (OtlpReceiver receiver : new OtlpReceiver[] {everything, decoded, wire}) {
        exportSpansAndLogs(receiver, 1_234, 567);
      }

      assertThat(everything.spans()).hasSize(1_234);
      assertThat(everything.logRecords()).hasSize(567);
      for (OtlpReceiver receiver : new OtlpReceiver[] {everything, decoded, wire}) {
        assertThat(receiver.spanCount()).isEqualTo(1_234);
        assertThat(receiver.logRecordCount()).isEqualTo(567);
        assertThat(receiver.bodyBytes()).containsOnlyKeys("/v1/traces", "/v1/logs");
      }
      assertThat(decoded.traces()).isEmpty();
      assertThat(wire.logs()).isEmpty();
      assertThat(wire.bodyBytes().get("/v1/traces")).isGreaterThan(1_234L * 20);

      wire.clear();
      assertThat(wire.spanCount()).isZero();
      assertThat(wire.bodyBytes()).isEmpty();
    }
  }

  /** Spans under two scopes (so a request nests more than one), log records under one. */
  private static void exportSpansAndLogs(OtlpReceiver receiver, int spans, int logs) {
    try (OtlpHttpSpanExporter spanExporter = OtlpHttpSpanExporter.builder()
            .setEndpoint(receiver.endpoint() + "/v1/traces").build();
        SdkTracerProvider first = SdkTracerProvider.builder()
            .setResource(Resource.getDefault()).addSpanProcessor(BatchSpanProcessor.builder(spanExporter).build()).build();
        OtlpHttpLogRecordExporter logExporter = OtlpHttpLogRecordExporter.builder()
            .setEndpoint(receiver.endpoint() + "/v1/logs").build();
        SdkLoggerProvider logging = SdkLoggerProvider.builder()
            .addLogRecordProcessor(BatchLogRecordProcessor.builder(logExporter).build()).build()) {
      for (int i = 0; i < spans; i++) {
        first.get(i % 2 == 0 ? "even" : "odd").spanBuilder("s" + i).setAttribute("i", i).startSpan().end();
      }
      for (int i = 0; i < logs; i++) {
        logging.get("l").logRecordBuilder().setBody("record " + i).emit();
      }
      assertThat(first.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      assertThat(logging.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    }
  }
}
