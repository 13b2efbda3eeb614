package io.ingestlens.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestlens.event.IngestionEvent;
import io.ingestlens.processor.telemetry.EventLog;
import io.ingestlens.runtime.otel.IngestionAttributes;
import io.ingestlens.testkit.KafkaBroker;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** At-least-once delivery: commits follow handling, and redeliveries are not counted twice. */
class RedeliveryTest {

  @RegisterExtension
  static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void theSameEventTwiceIsCountedOnceAndOnceAsADuplicate() throws Exception {
    String topic = "redelivered";
    KAFKA.createTopic(topic, 1);
    IngestionEvent event = TestEvents.run("PowerBI", "workspaces", "FAILED", Duration.ofMinutes(1));
    try (TestTelemetry telemetry = new TestTelemetry();
        Processor processor = new Processor(TestSettings.of(KAFKA, topic), telemetry.sdk)) {
      processor.start();
      try (Producer<String, byte[]> producer = KAFKA.producer()) {
        producer.send(new ProducerRecord<>(topic, "PowerBI", TestEvents.json(event))).get();
        producer.send(new ProducerRecord<>(topic, "PowerBI", TestEvents.json(event))).get();
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> processor.handledCount() == 2);

      Collection<MetricData> metrics = telemetry.collect();
      assertThat(TestTelemetry.sum(metrics, "ingestion.runs")).isEqualTo(1);
      assertThat(TestTelemetry.sum(metrics, "ingestion.events.processed")).isEqualTo(1);
      MetricData duplicates = TestTelemetry.metric(metrics, "ingestion.events.duplicates").orElseThrow();
      assertThat(duplicates.getUnit()).isEqualTo("{event}");
      assertThat(duplicates.getLongSumData().getPoints())
          .singleElement()
          .satisfies(p -> {
            assertThat(p.getValue()).isEqualTo(1);
            assertThat(p.getAttributes().get(IngestionAttributes.MESSAGING_DESTINATION)).isEqualTo(topic);
          });
      assertThat(telemetry.runEvents()).hasSize(1);
      assertThat(telemetry.logsOf(EventLog.DUPLICATES_LOGGER)).singleElement()
          .satisfies(l -> assertThat(l.getSeverityText()).isEqualTo("DEBUG"));
      assertThat(KAFKA.committed("processor-" + topic)).isEqualTo(2);
    }
  }

  @Test
  void aProcessorClosedMidStreamCommitsWhatItHandledAndTheNextOneHandlesTheRest() throws Exception {
    String topic = "handover";
    int count = 3_000;
    KAFKA.createTopic(topic, 3);
    List<IngestionEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(TestEvents.run("source-" + (i % 5), "object", i % 7 == 0 ? "FAILED" : "SUCCESS", Duration.ofMinutes(1)));
    }
    TestEvents.publish(KAFKA, topic, events);
    String group = "processor-" + topic;

    try (TestTelemetry telemetry = new TestTelemetry()) {
      long first;
      // Small batches, so that the close lands in the middle of the stream.
      ProcessorSettings small =
          TestSettings.of(KAFKA, topic).toBuilder().kafkaProperties(Map.of("max.poll.records", "50")).build();
      try (Processor a = new Processor(small, telemetry.sdk)) {
        a.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> a.handledCount() > 0);
        a.close();
        first = a.handledCount();
        // Committed exactly what was handled: nothing more (no loss), nothing less (no replay).
        assertThat(KAFKA.committed(group)).isEqualTo(first);
      }
      List<IngestionEvent> later = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        later.add(TestEvents.run("source-" + i, "object", "SUCCESS", Duration.ofMinutes(1)));
      }
      TestEvents.publish(KAFKA, topic, later);
      int total = count + later.size();

      try (Processor b = new Processor(TestSettings.of(KAFKA, topic), telemetry.sdk)) {
        b.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> first + b.handledCount() == total);

        // Every event handled exactly once across the two processors.
        List<String> ids = telemetry.runEvents().stream()
            .map(l -> l.getAttributes().get(IngestionAttributes.EVENT_ID)).toList();
        List<String> expected = new ArrayList<>();
        events.forEach(e -> expected.add(e.eventId()));
        later.forEach(e -> expected.add(e.eventId()));
        assertThat(ids).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(KAFKA.committed(group)).isEqualTo(total);

        // The later events (b handled them all) published again: recognised, not counted again.
        TestEvents.publish(KAFKA, topic, later);
        await().atMost(Duration.ofSeconds(60)).until(() -> first + b.handledCount() == total + later.size());
        Collection<MetricData> metrics = telemetry.collect();
        assertThat(TestTelemetry.sum(metrics, "ingestion.events.duplicates")).isEqualTo(later.size());
        assertThat(TestTelemetry.sum(metrics, "ingestion.runs")).isEqualTo(total);
        assertThat(telemetry.runEvents()).hasSize(total);
        assertThat(KAFKA.committed(group)).isEqualTo(total + later.size());
      }
    }
  }
}
