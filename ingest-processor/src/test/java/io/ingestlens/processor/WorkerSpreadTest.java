package io.ingestlens.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestlens.event.IngestionEvent;
import io.ingestlens.processor.telemetry.EventLog;
import io.ingestlens.runtime.otel.IngestionAttributes;
import io.ingestlens.testkit.KafkaBroker;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Records handled by several workers: each record key on one worker, every count still exact. */
class WorkerSpreadTest {

  @RegisterExtension
  static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void threeWorkersOnThreePartitionsCountEveryRunOnceAndRecogniseEveryRedelivery() throws Exception {
    String topic = "workers";
    int count = 3_000;
    KAFKA.createTopic(topic, 3);
    List<IngestionEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(TestEvents.run("source-" + (i % 7), "object-" + (i % 3), i % 10 == 0 ? "FAILED" : "SUCCESS",
          Duration.ofMinutes(1)));
    }
    TestEvents.publish(KAFKA, topic, events);
    TestEvents.publish(KAFKA, topic, events); // every event delivered twice, to the same partition (same key)

    ProcessorSettings settings = TestSettings.of(KAFKA, topic).toBuilder().workers(3)
        .kafkaProperties(Map.of("max.poll.records", "200")).build(); // many batches, each split three ways
    try (TestTelemetry telemetry = new TestTelemetry();
        Processor processor = new Processor(settings, telemetry.sdk)) {
      processor.start();
      Set<String> handlingThreads = awaitHandled(processor, 2L * count);

      Collection<MetricData> metrics = telemetry.collect();
      assertThat(TestTelemetry.sum(metrics, "ingestion.runs")).isEqualTo(count);
      assertThat(TestTelemetry.sum(metrics, "ingestion.events.processed")).isEqualTo(count);
      assertThat(TestTelemetry.sum(metrics, "ingestion.events.duplicates")).isEqualTo(count);
      assertThat(telemetry.runEvents())
          .extracting(l -> l.getAttributes().get(IngestionAttributes.EVENT_ID))
          .containsExactlyInAnyOrderElementsOf(events.stream().map(IngestionEvent::eventId).toList());
      assertThat(handlingThreads).contains("ingest-processor-poll", "ingest-processor-worker-1", "ingest-processor-worker-2");
    }
    assertThat(KAFKA.committed("processor-" + topic)).isEqualTo(2L * count);
  }

  @Test
  void oneBusyPartitionIsSharedByTheWorkersAndEachSourceAndObjectKeepsItsOrder() throws Exception {
    String topic = "workers-one-partition";
    KAFKA.createTopic(topic, 1);
    // 12 keys, each a series of failure -> success 60 s later: a key's runs handled out of order
    // would lose recoveries or measure them wrong.
    Instant first = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
    List<IngestionEvent> events = new ArrayList<>();
    int pairs = 100;
    for (int i = 0; i < pairs; i++) {
      for (int key = 0; key < 12; key++) {
        Instant failedEnd = first.plusSeconds(600L * i);
        String source = "source-" + (key % 6);
        String object = "object-" + (key / 6);
        events.add(TestEvents.run(source, object, "FAILED", failedEnd.minusSeconds(30), failedEnd, "timeout"));
        events.add(TestEvents.run(source, object, "SUCCESS", failedEnd.plusSeconds(30), failedEnd.plusSeconds(60), "ok"));
      }
    }
    TestEvents.publish(KAFKA, topic, events);

    ProcessorSettings settings = TestSettings.of(KAFKA, topic).toBuilder().workers(3)
        .kafkaProperties(Map.of("max.poll.records", "100")).build();
    try (TestTelemetry telemetry = new TestTelemetry();
        Processor processor = new Processor(settings, telemetry.sdk)) {
      processor.start();
      Set<String> handlingThreads = awaitHandled(processor, events.size());

      Collection<HistogramPointData> recoveries = TestTelemetry.metric(telemetry.collect(), "ingestion.recovery.duration")
          .orElseThrow().getHistogramData().getPoints();
      assertThat(recoveries).hasSize(12);
      assertThat(recoveries).allSatisfy(p -> {
        assertThat(p.getCount()).isEqualTo(pairs);
        assertThat(p.getSum()).isEqualTo(60.0 * pairs);
      });
      // Worker threads are started on their first share of a batch: one partition reached all three.
      assertThat(handlingThreads).contains("ingest-processor-poll", "ingest-processor-worker-1", "ingest-processor-worker-2");
    }
    assertThat(KAFKA.committed("processor-" + topic)).isEqualTo(events.size());
  }

  /** Waits until {@code count} records are handled; returns the processor threads seen meanwhile. */
  private static Set<String> awaitHandled(Processor processor, long count) {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
          .filter(name -> name.startsWith("ingest-processor-")).forEach(threads::add);
      return processor.handledCount() == count;
    });
    return threads;
  }
}
