package io.ingestlens.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The collector is down, then hangs, then comes back: processing goes on at its own pace, the
 * telemetry queues stay at their bounds and count what they drop, and export resumes.
 */
class CollectorOutageTest {

  private static final int QUEUE = 256;
  private static final int EVENTS = 2_000;

  @Test
  void processingNeverWaitsForTheCollectorAndDropsAreCounted() throws Exception {
    int port = freePort();
    CountDownLatch collectorAnswers = new CountDownLatch(1);
    InMemoryMetricReader processorMetrics = InMemoryMetricReader.create();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    try (ServiceTelemetry producer = ServiceTelemetry.start("ingest-producer", "io.ingestlens.producer", settings(port, "ingest-producer"));
        ServiceTelemetry processor =
            ServiceTelemetry.start(
                "ingest-processor",
                "io.ingestlens.processor",
                settings(port, "ingest-processor"),
                c -> c.addMeterProviderCustomizer((b, cfg) -> b.registerMetricReader(processorMetrics)));
        LocalPipeline pipeline = LocalPipeline.start(processor.openTelemetry())) {

      // 1. Nothing listens on the collector's port: every export fails.
      assertThat(pipeline.produce(producer.openTelemetry(), quiet, quiet, "generate", "--count", "" + EVENTS, "--rate", "0", "--seed", "1")).isZero();
      pipeline.awaitHandled(EVENTS, Duration.ofMinutes(2));

      try (OtlpHttpReceiver hanging = new OtlpHttpReceiver(port, collectorAnswers)) {
        // 2. The collector accepts connections but never answers: processing still completes.
        assertThat(pipeline.produce(producer.openTelemetry(), quiet, quiet, "generate", "--count", "" + EVENTS, "--rate", "0", "--seed", "2")).isZero();
        pipeline.awaitHandled(2L * EVENTS, Duration.ofMinutes(2));
        assertThat(hanging.traces).as("nothing answered yet").isEmpty();

        Collection<MetricData> sdkHealth = processorMetrics.collectAllMetrics();
        assertThat(droppedSpans(sdkHealth)).as("spans dropped by the full queue, counted").isPositive();
        assertThat(maxQueueSize(sdkHealth)).as("span queue never above its capacity").isLessThanOrEqualTo(QUEUE);

        // 3. The collector answers again: export resumes.
        collectorAnswers.countDown();
        assertThat(processor.flush(Duration.ofSeconds(30))).isTrue();
        assertThat(hanging.traces).isNotEmpty();
      }
    }
  }

  private static Map<String, String> settings(int port, String serviceName) {
    Map<String, String> settings = new HashMap<>();
    settings.put("otel.service.name", serviceName);
    settings.put("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + port);
    settings.put("otel.exporter.otlp.timeout", "2000");
    settings.put("otel.bsp.max.queue.size", "" + QUEUE);
    settings.put("otel.bsp.max.export.batch.size", "64");
    settings.put("otel.blrp.max.queue.size", "" + QUEUE);
    settings.put("otel.blrp.max.export.batch.size", "64");
    return settings;
  }

  private static long droppedSpans(Collection<MetricData> metrics) {
    return metrics.stream()
        .filter(m -> m.getName().equals("processedSpans"))
        .flatMap(m -> m.getLongSumData().getPoints().stream())
        .filter(p -> Boolean.TRUE.equals(p.getAttributes().get(AttributeKey.booleanKey("dropped"))))
        .mapToLong(LongPointData::getValue)
        .sum();
  }

  private static long maxQueueSize(Collection<MetricData> metrics) {
    return metrics.stream()
        .filter(m -> m.getName().equals("queueSize"))
        .flatMap(m -> m.getLongGaugeData().getPoints().stream())
        .mapToLong(LongPointData::getValue)
        .max()
        .orElseThrow(() -> new AssertionError("no queueSize gauge"));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
