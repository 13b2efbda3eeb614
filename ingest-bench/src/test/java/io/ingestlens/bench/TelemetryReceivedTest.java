package io.ingestlens.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.testkit.OtlpReceiver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class TelemetryReceivedTest {

  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void losslessWhenNothingWasDroppedAndEverythingHandedOverArrived() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start(OtlpReceiver.Keeping.WIRE_COUNTS)) {
      post(receiver, TelemetryReceived.TRACES, spans(3).toByteArray());
      post(receiver, TelemetryReceived.METRICS, selfMetrics(1, 0, 3, 0).toByteArray());
      post(receiver, TelemetryReceived.METRICS, selfMetrics(0, 0, 3, 0).toByteArray()); // the newest wins

      TelemetryReceived received = TelemetryReceived.take(receiver);
      assertThat(received.spans()).isEqualTo(3);
      assertThat(received.handedSpans()).isEqualTo(3);
      assertThat(received.bytes(TelemetryReceived.TRACES)).isPositive();
      assertThat(received.lossless()).isTrue();
      assertThat(TelemetryReceived.take(receiver).spans()).isZero();
    }
  }

  @Test
  void dropsFailedExportsAndMissingItemsAreLosses() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start(OtlpReceiver.Keeping.WIRE_COUNTS)) {
      post(receiver, TelemetryReceived.TRACES, spans(3).toByteArray());
      post(receiver, TelemetryReceived.METRICS, selfMetrics(12, 40, 3, 0).toByteArray());
      TelemetryReceived dropped = TelemetryReceived.take(receiver);
      assertThat(dropped.lossless()).isFalse();
      assertThat(dropped.losses()).isEqualTo("dropped 12 spans / 40 logs");

      post(receiver, TelemetryReceived.TRACES, spans(3).toByteArray());
      post(receiver, TelemetryReceived.METRICS, selfMetrics(0, 0, 5, 2).toByteArray());
      TelemetryReceived missing = TelemetryReceived.take(receiver);
      assertThat(missing.lossless()).isFalse();
      assertThat(missing.losses()).isEqualTo("dropped 0 spans / 0 logs, 2 items in failed exports, 2 spans / 0 logs handed over never arrived");

      post(receiver, TelemetryReceived.TRACES, spans(3).toByteArray());
      TelemetryReceived unreported = TelemetryReceived.take(receiver);
      assertThat(unreported.lossless()).as("no self-metrics, no proof").isFalse();
      assertThat(unreported.losses()).isEqualTo("drops not reported by the SDK");
    }
  }

  private static ExportTraceServiceRequest spans(int n) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (int i = 0; i < n; i++) {
      scope.addSpans(Span.newBuilder().setName("s" + i));
    }
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope)).build();
  }

  private static ExportMetricsServiceRequest selfMetrics(long droppedSpans, long droppedLogs, long handedSpans, long failed) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder()
            .addMetrics(sum("processedSpans", point(droppedSpans, "dropped", true), point(handedSpans, "dropped", false)))
            .addMetrics(sum("processedLogs", point(droppedLogs, "dropped", true), point(0, "dropped", false)))
            .addMetrics(sum("otlp.exporter.exported", point(failed, "success", false), point(handedSpans, "success", true)))
            .addMetrics(sum("ingestion.runs", point(1_000, "dropped", true)))))
        .build();
  }

  private static Metric sum(String name, NumberDataPoint... points) {
    Sum.Builder sum = Sum.newBuilder().setIsMonotonic(true);
    for (NumberDataPoint p : points) {
      sum.addDataPoints(p);
    }
    return Metric.newBuilder().setName(name).setSum(sum).build();
  }

  private static NumberDataPoint point(long value, String key, boolean flag) {
    return NumberDataPoint.newBuilder()
        .setAsInt(value)
        .addAttributes(KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setBoolValue(flag)))
        .build();
  }

  private void post(OtlpReceiver receiver, String path, byte[] body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(receiver.endpoint() + path))
        .header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    assertThat(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
  }
}
