package io.ingestlens.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.ingestlens.runtime.otel.backpressure.TelemetryOverflow;
import io.ingestlens.testkit.OtlpReceiver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Both services, the collector away for a while: the producer stops publishing and the processor
 * stops polling once their telemetry queues are full, Kafka keeps the events, and when the
 * collector is back everything resumes by itself. Every event reaches the collector as one trace
 * of three spans across the two services plus one run event; nothing is dropped.
 */
class CollectorOutageTest {

  private static final int EVENTS = 10_000;

  @Test
  void whileTheCollectorIsAwayBothServicesWaitThenEveryEventArrivesOnce() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    try (OtlpReceiver collector = OtlpReceiver.start()) {
      collector.goAway();
      try (ServiceTelemetry producer = ServiceTelemetry.builder("ingest-producer", "io.ingestlens.producer")
              .overrides(settings(collector, "ingest-producer")).overflow(TelemetryOverflow.BLOCK).start();
          ServiceTelemetry processor = ServiceTelemetry.builder("ingest-processor", "io.ingestlens.processor")
              .overrides(settings(collector, "ingest-processor")).metricCheckpoints()
              .overflow(TelemetryOverflow.BLOCK).start();
          LocalPipeline pipeline = LocalPipeline.start(processor)) {
        CompletableFuture<Integer> stream = CompletableFuture.supplyAsync(() -> pipeline.produce(
            producer, quiet, quiet, "generate", "--count", "" + EVENTS, "--rate", "0", "--seed", "1"));

        // Both stop at their queues' bound: the producer before publishing it all, the processor
        // before handling what it was given.
        await().atMost(Duration.ofMinutes(1)).until(() -> pipeline.processor().pauseCount() > 0);
        assertThat(stream).as("the producer waits for its exporter").isNotDone();
        assertThat(pipeline.processor().committedCount()).as("nothing exported, nothing committed").isZero();

        collector.comeBack();

        assertThat(stream.get(3, TimeUnit.MINUTES)).as("producer exit code").isZero();
        await().atMost(Duration.ofMinutes(3)).until(() -> pipeline.processor().committedCount() == EVENTS);
        // The producer exported as it went; its last spans leave before it closes.
        assertThat(producer.backpressure().awaitExported(producer.backpressure().mark(), Duration.ofMinutes(1), "test"))
            .isTrue();
      }

      Map<String, List<OtlpReceiver.ReceivedSpan>> traces =
          collector.spans().stream().collect(Collectors.groupingBy(s -> s.span().getTraceId().toStringUtf8()));
      assertThat(traces).hasSize(EVENTS);
      assertThat(traces.values()).allSatisfy(spans -> assertThat(spans)
          .extracting(s -> s.service() + " " + s.span().getName())
          .containsExactlyInAnyOrder(
              "ingest-producer ingestion.run", "ingest-producer ingestion-logs publish",
              "ingest-processor ingestion-logs process"));
      assertThat(collector.logRecords().stream().filter(r -> "ingestion.run".equals(r.record().getEventName()))
          .collect(Collectors.groupingBy(r -> r.record().getTraceId().toStringUtf8(), Collectors.counting())))
          .hasSize(EVENTS)
          .allSatisfy((trace, n) -> assertThat(n).isOne());
      assertThat(collector.droppedBySenders()).as("dropped by either SDK").isZero();
    }
  }

  private static Map<String, String> settings(OtlpReceiver collector, String serviceName) {
    Map<String, String> settings = new HashMap<>();
    settings.put("otel.service.name", serviceName);
    settings.put("otel.exporter.otlp.endpoint", collector.endpoint());
    settings.put("otel.metric.export.interval", "500");
    // Smaller queues than the default 8,192, so both wait: the producer's holds the two spans of
    // 2,048 events; the processor's leaves room for fewer than those plus a poll of 2,000 records.
    String queue = serviceName.equals("ingest-producer") ? "4096" : "3000";
    settings.put("otel.bsp.max.queue.size", queue);
    settings.put("otel.blrp.max.queue.size", queue);
    return settings;
  }
}
