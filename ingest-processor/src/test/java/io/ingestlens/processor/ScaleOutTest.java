package io.ingestlens.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestlens.event.IngestionEvent;
import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.ingestlens.runtime.otel.backpressure.TelemetryOverflow;
import io.ingestlens.testkit.KafkaBroker;
import io.ingestlens.testkit.OtlpReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A second processor joins the group mid-stream and later leaves: partitions move twice, and each
 * move commits what was handled once its telemetry is exported, so the group counts every event
 * once and exports one run event for it.
 */
class ScaleOutTest {

  @RegisterExtension
  static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void aMemberJoiningAndLeavingMidStreamNeitherLosesNorRepeatsAnEvent() throws Exception {
    String topic = "scale-out";
    KAFKA.createTopic(topic, 6);
    List<IngestionEvent> events = LosslessTelemetryTest.events(30_000);

    try (OtlpReceiver collector = OtlpReceiver.start()) {
      collector.slowDown(Duration.ofMillis(50)); // the processors wait for it: the stream lasts
      try (ServiceTelemetry telemetryA = LosslessTelemetryTest.telemetry(collector, TelemetryOverflow.BLOCK, Map.of());
          ServiceTelemetry telemetryB = LosslessTelemetryTest.telemetry(collector, TelemetryOverflow.BLOCK, Map.of());
          Processor a = new Processor(TestSettings.of(KAFKA, topic), telemetryA)) {
        TestEvents.publish(KAFKA, topic, events.subList(0, 10_000));
        a.start();
        await().atMost(Duration.ofMinutes(1)).until(() -> a.handledCount() >= 1_000);

        try (Processor b = new Processor(TestSettings.of(KAFKA, topic), telemetryB)) {
          b.start(); // joins: the partitions are shared out again
          await().atMost(Duration.ofMinutes(1)).until(() -> KAFKA.stableMembers("processor-" + topic) == 2);
          TestEvents.publish(KAFKA, topic, events.subList(10_000, 20_000));
          await().atMost(Duration.ofMinutes(1)).until(() -> b.handledCount() >= 1_000);
          TestEvents.publish(KAFKA, topic, events.subList(20_000, 30_000));
        } // leaves while events still arrive: its partitions go back to the first member

        await().atMost(Duration.ofMinutes(3)).until(() -> KAFKA.committed("processor-" + topic) == events.size());
      }

      LosslessTelemetryTest.assertEveryEventExportedOnce(collector, topic, events);
      Map<String, Long> processed = collector.counterTotals("ingestion.events.processed");
      assertThat(processed).as("two instances exported counts").hasSize(2);
      assertThat(processed.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(events.size());
      assertThat(collector.counterTotals("ingestion.runs").values().stream().mapToLong(Long::longValue).sum())
          .isEqualTo(events.size());
      assertThat(collector.counterTotals("ingestion.events.duplicates").values().stream().mapToLong(Long::longValue).sum())
          .as("nothing delivered twice").isZero();
    }
  }
}
