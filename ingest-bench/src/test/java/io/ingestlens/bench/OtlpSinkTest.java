package io.ingestlens.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class OtlpSinkTest {

  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void acceptsEverythingAndCountsBytesPerSignal() throws Exception {
    try (OtlpSink sink = OtlpSink.start()) {
      assertThat(post(sink, OtlpSink.TRACES, new byte[1000])).isEqualTo(200);
      assertThat(post(sink, OtlpSink.TRACES, new byte[24])).isEqualTo(200);
      assertThat(post(sink, OtlpSink.LOGS, new byte[7])).isEqualTo(200);

      OtlpSink.Received received = sink.reset();
      assertThat(received.bytes(OtlpSink.TRACES)).isEqualTo(1024);
      assertThat(received.bytes(OtlpSink.LOGS)).isEqualTo(7);
      assertThat(received.requests()).containsEntry(OtlpSink.TRACES, 2L);
      assertThat(received.totalBytes()).isEqualTo(1031);
      assertThat(sink.reset().totalBytes()).isZero();
    }
  }

  @Test
  void readsTheBatchProcessorsDropCountsFromMetricRequests() throws Exception {
    try (OtlpSink sink = OtlpSink.start()) {
      post(sink, OtlpSink.METRICS, processedSpans(5, 100).toByteArray());
      post(sink, OtlpSink.METRICS, processedSpans(12, 250).toByteArray()); // cumulative: the newest wins

      OtlpSink.Received received = sink.reset();
      assertThat(received.reports("processedSpans")).isTrue();
      assertThat(received.reports("processedLogs")).isFalse();
      assertThat(received.self("processedSpans", "dropped=true")).isEqualTo(12);
      assertThat(received.self("processedSpans", "dropped=false")).isEqualTo(250);
    }
  }

  private static ExportMetricsServiceRequest processedSpans(long dropped, long exported) {
    Metric metric = Metric.newBuilder()
        .setName("processedSpans")
        .setSum(Sum.newBuilder().setIsMonotonic(true)
            .addDataPoints(point(dropped, true))
            .addDataPoints(point(exported, false)))
        .build();
    Metric other = Metric.newBuilder().setName("ingestion.runs")
        .setSum(Sum.newBuilder().addDataPoints(point(1_000, true))).build();
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(ResourceMetrics.newBuilder()
            .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(metric).addMetrics(other)))
        .build();
  }

  private static NumberDataPoint point(long value, boolean dropped) {
    return NumberDataPoint.newBuilder()
        .setAsInt(value)
        .addAttributes(KeyValue.newBuilder().setKey("processorType")
            .setValue(AnyValue.newBuilder().setStringValue("BatchSpanProcessor")))
        .addAttributes(KeyValue.newBuilder().setKey("dropped")
            .setValue(AnyValue.newBuilder().setBoolValue(dropped)))
        .build();
  }

  private int post(OtlpSink sink, String path, byte[] body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(sink.endpoint() + path))
        .header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
