package io.ingestlens.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.processor.telemetry.EventLog;
import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.ingestlens.runtime.otel.backpressure.TelemetryOverflow;
import io.ingestlens.testkit.KafkaBroker;
import io.ingestlens.testkit.OtlpReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * INGEST_TELEMETRY_OVERFLOW=block through a real broker and a real OTLP receiver: the processor
 * waits for its exporters (Kafka holds the records meanwhile), so every handled event's span and
 * run event reach the collector once, whatever the collector does; =drop still drops and counts.
 */
class LosslessTelemetryTest {

  @RegisterExtension
  static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void aCollectorSlowerThanTheProcessorGetsEverySpanAndRunEventOnce() throws Exception {
    String topic = "overload";
    KAFKA.createTopic(topic, 3);
    List<IngestionEvent> events = events(50_000);
    TestEvents.publish(KAFKA, topic, events);

    try (OtlpReceiver collector = OtlpReceiver.start()) {
      collector.slowDown(Duration.ofMillis(50)); // each export waits: far slower than the processor
      try (ServiceTelemetry telemetry = telemetry(collector, TelemetryOverflow.BLOCK, Map.of());
          Processor processor = new Processor(TestSettings.of(KAFKA, topic), telemetry)) {
        processor.start();
        await().atMost(Duration.ofMinutes(3)).until(() -> processor.committedCount() == events.size());
        assertThat(processor.pauseCount()).as("the processor waited for its exporters").isPositive();
      }

      assertEveryEventExportedOnce(collector, topic, events);
      assertThat(collector.counterTotals("processedSpans").keySet()).isNotEmpty();
      assertThat(collector.droppedBySenders()).as("dropped by the SDK's queues").isZero();
    }
  }

  @Test
  void whileTheCollectorIsAwayProcessingPausesAndNothingIsCommittedThenAllOfItResumes() throws Exception {
    String topic = "collector-away";
    KAFKA.createTopic(topic, 3);
    List<IngestionEvent> events = events(20_000);
    TestEvents.publish(KAFKA, topic, events);
    ListAppender<ILoggingEvent> warnings = capture("io.ingestlens.runtime.otel.backpressure");

    try (OtlpReceiver collector = OtlpReceiver.start()) {
      collector.goAway();
      try (ServiceTelemetry telemetry = telemetry(collector, TelemetryOverflow.BLOCK, Map.of());
          Processor processor = new Processor(TestSettings.of(KAFKA, topic), telemetry)) {
        processor.start();
        await().atMost(Duration.ofMinutes(1)).until(() -> processor.pauseCount() > 0);
        long handledWhileAway = processor.handledCount();
        assertThat(handledWhileAway).as("Kafka keeps the rest").isLessThan(events.size());
        assertThat(processor.committedCount()).as("nothing exported, nothing committed").isZero();
        await().atMost(Duration.ofMinutes(1)).until(() -> warnings.list.stream()
            .anyMatch(e -> e.getFormattedMessage().contains("until its telemetry is exported")));

        collector.comeBack();

        await().atMost(Duration.ofMinutes(3)).until(() -> processor.committedCount() == events.size());
      }
      assertEveryEventExportedOnce(collector, topic, events);
      assertThat(collector.droppedBySenders()).isZero();
    } finally {
      release(warnings, "io.ingestlens.runtime.otel.backpressure");
    }
  }

  @Test
  @Timeout(120) // a hang guard: close must not wait for a collector that never comes back
  void closedWhileTheCollectorIsAwayTheProcessorStopsAndCommitsOnlyWhatWasExported() throws Exception {
    String topic = "closed-while-away";
    KAFKA.createTopic(topic, 3);
    List<IngestionEvent> events = events(12_000);
    TestEvents.publish(KAFKA, topic, events);

    try (OtlpReceiver collector = OtlpReceiver.start()) {
      collector.goAway();
      Processor processor;
      try (ServiceTelemetry telemetry = telemetry(collector, TelemetryOverflow.BLOCK, Map.of())) {
        processor = new Processor(TestSettings.of(KAFKA, topic), telemetry);
        processor.start();
        await().atMost(Duration.ofMinutes(1)).until(() -> processor.pauseCount() > 0);
        processor.close();
      }
      assertThat(processor.committedCount()).isZero();
      assertThat(KAFKA.committed("processor-" + topic)).isZero();
    }
  }

  @Test
  void aTelemetryQueueSmallerThanAPollStillLosesNothing() throws Exception {
    String topic = "small-queue";
    KAFKA.createTopic(topic, 3);
    List<IngestionEvent> events = events(5_000);
    TestEvents.publish(KAFKA, topic, events);

    try (OtlpReceiver collector = OtlpReceiver.start()) {
      Map<String, String> smallQueues = Map.of("otel.bsp.max.queue.size", "500", "otel.blrp.max.queue.size", "500",
          "otel.bsp.max.export.batch.size", "100", "otel.blrp.max.export.batch.size", "100");
      try (ServiceTelemetry telemetry = telemetry(collector, TelemetryOverflow.BLOCK, smallQueues);
          Processor processor = new Processor(TestSettings.of(KAFKA, topic), telemetry)) {
        processor.start();
        await().atMost(Duration.ofMinutes(2)).until(() -> processor.committedCount() == events.size());
      }
      assertEveryEventExportedOnce(collector, topic, events);
      assertThat(collector.droppedBySenders()).isZero();
    }
  }

  @Test
  void withDropTheProcessorNeverWaitsAndTheSdkCountsWhatItDropped() throws Exception {
    String topic = "drop";
    KAFKA.createTopic(topic, 3);
    List<IngestionEvent> events = events(5_000);
    TestEvents.publish(KAFKA, topic, events);

    try (OtlpReceiver collector = OtlpReceiver.start()) {
      collector.slowDown(Duration.ofMillis(200));
      Map<String, String> smallQueues = Map.of("otel.bsp.max.queue.size", "256", "otel.blrp.max.queue.size", "256",
          "otel.bsp.max.export.batch.size", "128", "otel.blrp.max.export.batch.size", "128");
      try (ServiceTelemetry telemetry = telemetry(collector, TelemetryOverflow.DROP, smallQueues);
          Processor processor = new Processor(TestSettings.of(KAFKA, topic), telemetry)) {
        processor.start();
        await().atMost(Duration.ofMinutes(1)).until(() -> processor.committedCount() == events.size());
        assertThat(processor.pauseCount()).isZero();
      }
      assertThat(collector.droppedBySenders()).as("dropped and counted by the SDK").isPositive();
      assertThat(collector.logRecords().stream().filter(r -> EventLog.RUN_EVENT.equals(r.record().getEventName())))
          .hasSizeLessThan(events.size());
    }
  }

  /** Each event: one process span and one run event, with its id, and nothing else of ours. */
  static void assertEveryEventExportedOnce(OtlpReceiver collector, String topic, List<IngestionEvent> events) {
    Set<String> ids = events.stream().map(IngestionEvent::eventId).collect(Collectors.toSet());
    Map<String, Long> spansPerEvent = collector.spans().stream()
        .filter(s -> s.span().getName().equals(topic + " process"))
        .collect(Collectors.groupingBy(s -> s.attribute("ingestion.event_id"), Collectors.counting()));
    Map<String, Long> runEventsPerEvent = collector.logRecords().stream()
        .filter(r -> EventLog.RUN_EVENT.equals(r.record().getEventName()))
        .collect(Collectors.groupingBy(r -> r.attribute("ingestion.event_id"), Collectors.counting()));

    assertThat(ids.stream().filter(id -> !spansPerEvent.containsKey(id)).count()).as("events without a process span").isZero();
    assertThat(ids.stream().filter(id -> !runEventsPerEvent.containsKey(id)).count()).as("events without a run event").isZero();
    assertThat(spansPerEvent.keySet()).as("events with a process span").isEqualTo(ids);
    assertThat(runEventsPerEvent.keySet()).as("events with a run event").isEqualTo(ids);
    assertThat(spansPerEvent).as("process spans sent twice").allSatisfy((id, n) -> assertThat(n).isOne());
    assertThat(runEventsPerEvent).as("run events sent twice").allSatisfy((id, n) -> assertThat(n).isOne());
  }

  static ServiceTelemetry telemetry(OtlpReceiver collector, TelemetryOverflow overflow, Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>(extra);
    settings.put("otel.exporter.otlp.endpoint", collector.endpoint());
    settings.put("otel.exporter.otlp.protocol", "http/protobuf");
    settings.put("otel.traces.exporter", "otlp");
    settings.put("otel.logs.exporter", "otlp");
    settings.put("otel.metrics.exporter", "otlp");
    settings.put("otel.metric.export.interval", "500");
    return ServiceTelemetry.builder("ingest-processor", "io.ingestlens.processor")
        .overrides(settings).metricCheckpoints().overflow(overflow).start();
  }

  static List<IngestionEvent> events(int count) {
    List<IngestionEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(TestEvents.run("source-" + (i % 5), "object-" + (i % 40), i % 50 == 0 ? "FAILED" : "SUCCESS",
          Duration.ofMinutes(count - i)));
    }
    return events;
  }

  private static ListAppender<ILoggingEvent> capture(String logger) {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger(logger)).addAppender(appender);
    return appender;
  }

  private static void release(ListAppender<ILoggingEvent> appender, String logger) {
    ((Logger) LoggerFactory.getLogger(logger)).detachAppender(appender);
  }
}
