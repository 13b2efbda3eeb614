package io.ingestlens.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestlens.event.IngestionEvent;
import io.ingestlens.kafka.InProcessKafka;
import io.ingestlens.processor.telemetry.EventLog;
import io.ingestlens.runtime.otel.IngestionAttributes;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Records handled by several workers: each partition on one worker, every count still exact. */
class WorkersTest {

  private static InProcessKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = InProcessKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void threeWorkersOnThreePartitionsCountEveryRunOnceAndRecogniseEveryRedelivery() throws Exception {
    String topic = "workers";
    int count = 3_000;
    kafka.createTopic(topic, 3, Duration.ofSeconds(30));
    List<IngestionEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(TestEvents.run("source-" + (i % 7), "object-" + (i % 3), i % 10 == 0 ? "FAILED" : "SUCCESS",
          Duration.ofMinutes(1)));
    }
    Kafka.publish(kafka, events, topic);
    Kafka.publish(kafka, events, topic); // every event delivered twice, to the same partition (same key)

    Set<String> handlingThreads = ConcurrentHashMap.newKeySet();
    ProcessorSettings settings = Kafka.settings(kafka, topic).withWorkers(3)
        .withKafkaProperties(Map.of("max.poll.records", "200")); // many batches, each split three ways
    try (TestTelemetry telemetry = new TestTelemetry();
        Processor processor = new Processor(settings, telemetry.sdk)) {
      processor.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        Thread.getAllStackTraces().keySet().forEach(t -> {
          if (t.getName().startsWith("ingest-processor-")) {
            handlingThreads.add(t.getName());
          }
        });
        return processor.handledCount() == 2L * count;
      });

      Collection<MetricData> metrics = telemetry.collect();
      assertThat(TestTelemetry.sum(metrics, "ingestion.runs")).isEqualTo(count);
      assertThat(TestTelemetry.sum(metrics, "ingestion.events.processed")).isEqualTo(count);
      assertThat(TestTelemetry.sum(metrics, "ingestion.events.duplicates")).isEqualTo(count);
      assertThat(telemetry.logsOf(EventLog.RUNS_LOGGER))
          .extracting(l -> l.getAttributes().get(IngestionAttributes.EVENT_ID))
          .containsExactlyInAnyOrderElementsOf(events.stream().map(IngestionEvent::eventId).toList());
      assertThat(handlingThreads).contains("ingest-processor-poll", "ingest-processor-worker-1", "ingest-processor-worker-2");
    }
    assertThat(Kafka.committed(kafka, "processor-" + topic)).isEqualTo(2L * count);
  }
}
