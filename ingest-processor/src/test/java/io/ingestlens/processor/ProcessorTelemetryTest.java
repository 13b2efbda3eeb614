package io.ingestlens.processor;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestlens.event.IngestionEvent;
import io.ingestlens.event.RecordKey;
import io.ingestlens.processor.telemetry.EventLog;
import io.ingestlens.runtime.otel.IngestionAttributes;
import io.ingestlens.testkit.KafkaBroker;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.kafkaclients.v2_6.KafkaTelemetry;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Traces, logs and metrics of processed events, through a real broker. */
class ProcessorTelemetryTest {

  @RegisterExtension
  static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void tracedRecordsContinueTheProducersTraceAndCarryTheContractTelemetry() throws Exception {
    String topic = "ingestion-logs";
    KAFKA.createTopic(topic, 3);
    IngestionEvent ok1 = TestEvents.run("PowerBI", "workspaces", "SUCCESS", Duration.ofMinutes(3));
    IngestionEvent ok2 = TestEvents.run("PowerBI", "workspaces", "SUCCESS", Duration.ofMinutes(2));
    IngestionEvent failed = TestEvents.run("PowerBI", "workspaces", "FAILED", Duration.ofMinutes(1));
    IngestionEvent other = TestEvents.run("sharepoint_graph", "sites", "SUCCESS", Duration.ofMinutes(1));

    try (TestTelemetry telemetry = new TestTelemetry();
        Processor processor = new Processor(TestSettings.of(KAFKA, topic), telemetry.sdk)) {
      processor.start();
      try (Producer<String, byte[]> producer = KafkaTelemetry.create(telemetry.sdk).wrap(KAFKA.producer())) {
        for (IngestionEvent event : List.of(ok1, ok2, failed, other)) {
          Span run = telemetry.sdk.getTracer("test").spanBuilder("ingestion.run").startSpan();
          try (Scope ignored = run.makeCurrent()) {
            producer.send(new ProducerRecord<>(topic, RecordKey.of(event), TestEvents.json(event))).get();
          } finally {
            run.end();
          }
        }
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> processor.handledCount() == 4);
      Collection<MetricData> metrics = telemetry.collect();

      // Trace: ingestion.run -> ingestion-logs publish -> ingestion-logs process, one trace.
      List<SpanData> spans = telemetry.spans.getFinishedSpanItems();
      SpanData publish = only(spans, s -> s.getName().equals(topic + " publish") && eventOf(spans, s, failed));
      SpanData process = processSpan(spans, failed);
      assertThat(publish).hasKind(SpanKind.PRODUCER);
      assertThat(process)
          .hasKind(SpanKind.CONSUMER)
          .hasTraceId(publish.getTraceId())
          .hasParentSpanId(publish.getSpanId())
          .hasAttributesSatisfying(
              equalTo(IngestionAttributes.MESSAGING_SYSTEM, "kafka"),
              equalTo(IngestionAttributes.MESSAGING_OPERATION_NAME, "process"),
              equalTo(IngestionAttributes.MESSAGING_OPERATION_TYPE, "process"),
              equalTo(IngestionAttributes.MESSAGING_DESTINATION, topic),
              equalTo(IngestionAttributes.MESSAGING_CONSUMER_GROUP, "processor-" + topic),
              equalTo(IngestionAttributes.EVENT_ID, failed.eventId()),
              equalTo(IngestionAttributes.SOURCE, "PowerBI"),
              equalTo(IngestionAttributes.OBJECT, "workspaces"),
              equalTo(IngestionAttributes.STATUS, "FAILED"));
      assertThat(process.getAttributes().get(IngestionAttributes.MESSAGING_PARTITION)).isNotNull();
      assertThat(process.getAttributes().get(IngestionAttributes.MESSAGING_KAFKA_OFFSET)).isNotNull();

      // Log record: inside the process span, with every attribute of the contract's table.
      LogRecordData log = only(telemetry.runEvents(),
          l -> failed.eventId().equals(l.getAttributes().get(IngestionAttributes.EVENT_ID)));
      assertThat(log)
          .hasSeverity(Severity.ERROR)
          .hasBody(failed.run().description())
          .hasSpanContext(process.getSpanContext())
          .hasAttributesSatisfyingExactly(
              equalTo(IngestionAttributes.EVENT_ID, failed.eventId()),
              equalTo(IngestionAttributes.SOURCE, "PowerBI"),
              equalTo(IngestionAttributes.OBJECT, "workspaces"),
              equalTo(IngestionAttributes.STATUS, "FAILED"),
              equalTo(IngestionAttributes.COMPANY, "akonovia"),
              equalTo(IngestionAttributes.ZONE, "1-Raw"),
              equalTo(AttributeKey.stringKey("ingestion.run.started_at"), failed.run().startedAt().toString()),
              equalTo(AttributeKey.stringKey("ingestion.run.ended_at"), failed.run().endedAt().toString()),
              equalTo(AttributeKey.doubleKey("ingestion.run.duration_s"), 30.0),
              equalTo(AttributeKey.doubleKey("ingestion.run.cpu_time_s"), 2.5),
              equalTo(AttributeKey.longKey("ingestion.run.memory_bytes"), 64L * 1024 * 1024),
              equalTo(IngestionAttributes.ORIGIN_MODE, "generate"),
              equalTo(IngestionAttributes.MESSAGING_PARTITION, process.getAttributes().get(IngestionAttributes.MESSAGING_PARTITION)),
              equalTo(IngestionAttributes.MESSAGING_KAFKA_OFFSET, process.getAttributes().get(IngestionAttributes.MESSAGING_KAFKA_OFFSET)));
      assertThat(telemetry.runEvents())
          .extracting(LogRecordData::getSeverity)
          .containsExactlyInAnyOrder(Severity.INFO, Severity.INFO, Severity.ERROR, Severity.INFO);

      // Metrics: runs by status as sent, the first-seen FAILED series at 0.
      Attributes powerBi = labels("PowerBI", "workspaces");
      Attributes sharepoint = labels("sharepoint_graph", "sites");
      assertThat(metric(metrics, "ingestion.runs"))
          .hasUnit("{run}")
          .hasLongSumSatisfying(sum -> sum.isMonotonic().hasPointsSatisfying(
              p -> p.hasAttributes(withStatus(powerBi, "SUCCESS")).hasValue(2),
              p -> p.hasAttributes(withStatus(powerBi, "FAILED")).hasValue(1),
              p -> p.hasAttributes(withStatus(sharepoint, "SUCCESS")).hasValue(1),
              p -> p.hasAttributes(withStatus(sharepoint, "FAILED")).hasValue(0)));

      // Duration: the contract buckets, and an exemplar pointing at the FAILED run's trace.
      assertThat(metric(metrics, "ingestion.run.duration"))
          .hasUnit("s")
          .hasHistogramSatisfying(h -> h.hasPointsSatisfying(
              p -> p.hasAttributes(withStatus(powerBi, "FAILED"))
                  .hasCount(1).hasSum(30.0)
                  .hasBucketBoundaries(0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600)
                  .hasExemplarsSatisfying(e -> e.hasTraceId(process.getTraceId()).hasSpanId(process.getSpanId())),
              p -> p.hasAttributes(withStatus(powerBi, "SUCCESS")).hasCount(2).hasSum(60.0),
              p -> p.hasAttributes(withStatus(sharepoint, "SUCCESS")).hasCount(1).hasSum(30.0)));

      assertThat(metric(metrics, "ingestion.events.processed"))
          .hasUnit("{event}")
          .hasLongSumSatisfying(sum -> sum.hasPointsSatisfying(
              p -> p.hasValue(4).hasAttributes(Attributes.of(IngestionAttributes.MESSAGING_DESTINATION, topic))));
      assertThat(metric(metrics, "ingestion.event.delivery_delay"))
          .hasUnit("s")
          .hasHistogramSatisfying(h -> h.hasPointsSatisfying(
              p -> p.hasCount(4)
                  .hasAttributes(Attributes.of(IngestionAttributes.MESSAGING_DESTINATION, topic))
                  .hasBucketBoundaries(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)));
      assertThat(metric(metrics, "messaging.process.duration"))
          .hasUnit("s")
          .hasHistogramSatisfying(h -> h.hasPointsSatisfying(
              p -> p.hasCount(4)
                  .hasAttributesSatisfyingExactly(
                      equalTo(IngestionAttributes.MESSAGING_SYSTEM, "kafka"),
                      equalTo(IngestionAttributes.MESSAGING_OPERATION_NAME, "process"),
                      equalTo(IngestionAttributes.MESSAGING_DESTINATION, topic),
                      equalTo(IngestionAttributes.MESSAGING_CONSUMER_GROUP, "processor-" + topic))
                  .hasBucketBoundaries(0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1)));
      assertThat(metric(metrics, "ingestion.run.delay")).hasUnit("s");
      assertThat(metric(metrics, "ingestion.run.cpu_time")).hasUnit("s");
      assertThat(metric(metrics, "ingestion.run.memory")).hasUnit("By");
      assertThat(metric(metrics, "ingestion.source.last_run"))
          .hasUnit("s")
          .hasDoubleGaugeSatisfying(g -> g.hasPointsSatisfying(
              p -> p.hasAttributes(Attributes.of(IngestionAttributes.SOURCE, "PowerBI",
                      IngestionAttributes.COMPANY, "akonovia", IngestionAttributes.ZONE, "1-Raw"))
                  .hasValue(epochSeconds(failed.run().endedAt())),
              p -> p.hasAttributes(Attributes.of(IngestionAttributes.SOURCE, "sharepoint_graph",
                      IngestionAttributes.COMPANY, "akonovia", IngestionAttributes.ZONE, "1-Raw"))
                  .hasValue(epochSeconds(other.run().endedAt()))));

      // The Kafka client metrics bridge: the ones the dashboards use.
      assertThat(metrics).extracting(MetricData::getName)
          .contains("kafka.consumer.records_lag_max", "kafka.consumer.records_consumed_rate");
      assertThat(metric(metrics, "kafka.consumer.records_lag_max").getDoubleGaugeData().getPoints())
          .isNotEmpty()
          .allSatisfy(p -> assertThat(p.getAttributes().get(AttributeKey.stringKey("topic"))).isEqualTo(topic));
      // Every processor metric comes from the processor's meter.
      assertThat(metrics.stream().filter(m -> m.getName().startsWith("ingestion.") || m.getName().startsWith("messaging.")))
          .allSatisfy(m -> assertThat(m.getInstrumentationScopeInfo().getName()).isEqualTo("io.ingestlens.processor"));
    }
  }

  @Test
  void recordsWithoutOrWithABrokenTraceparentStartANewTrace() throws Exception {
    String topic = "no-trace";
    KAFKA.createTopic(topic, 1);
    IngestionEvent plain = TestEvents.run("PowerBI", "workspaces", "SUCCESS", Duration.ofMinutes(1));
    IngestionEvent broken = TestEvents.run("PowerBI", "workspaces", "SUCCESS", Duration.ofMinutes(1));
    try (TestTelemetry telemetry = new TestTelemetry();
        Processor processor = new Processor(TestSettings.of(KAFKA, topic), telemetry.sdk)) {
      processor.start();
      try (Producer<String, byte[]> producer = KAFKA.producer()) {
        producer.send(new ProducerRecord<>(topic, "PowerBI", TestEvents.json(plain))).get();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, "PowerBI", TestEvents.json(broken));
        record.headers().add("traceparent", "00-zzzz-not-a-trace-01".getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> processor.handledCount() == 2);

      List<SpanData> spans = telemetry.spans.getFinishedSpanItems();
      SpanData first = processSpan(spans, plain);
      SpanData second = processSpan(spans, broken);
      assertThat(first.getParentSpanContext().isValid()).isFalse();
      assertThat(second.getParentSpanContext().isValid()).isFalse();
      assertThat(first.getTraceId()).isNotEqualTo(second.getTraceId());
      assertThat(telemetry.runEvents())
          .extracting(l -> l.getAttributes().get(IngestionAttributes.EVENT_ID))
          .containsExactlyInAnyOrder(plain.eventId(), broken.eventId());
    }
  }

  @Test
  void failedRunsAreTracedEvenWhenTheSamplerKeepsNothingElse() throws Exception {
    String topic = "sampling";
    KAFKA.createTopic(topic, 1);
    IngestionEvent ok = TestEvents.run("PowerBI", "workspaces", "SUCCESS", Duration.ofMinutes(1));
    IngestionEvent failed = TestEvents.run("PowerBI", "workspaces", "FAILED", Duration.ofMinutes(1));
    try (TestTelemetry telemetry = new TestTelemetry(io.opentelemetry.sdk.trace.samplers.Sampler.parentBased(
            io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOff()));
        Processor processor = new Processor(TestSettings.of(KAFKA, topic), telemetry.sdk)) {
      processor.start();
      try (Producer<String, byte[]> producer = KAFKA.producer()) {
        producer.send(new ProducerRecord<>(topic, "PowerBI", TestEvents.json(ok))).get();
        producer.send(new ProducerRecord<>(topic, "PowerBI", TestEvents.json(failed))).get();
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> processor.handledCount() == 2);
      assertThat(telemetry.spans.getFinishedSpanItems())
          .extracting(s -> s.getAttributes().get(IngestionAttributes.EVENT_ID))
          .containsExactly(failed.eventId());
      assertThat(telemetry.runEvents()).hasSize(2);
    }
  }

  @Test
  void withSampledRunLogsOnlyTracedOrUnsuccessfulRunsAreLoggedButEveryRunIsCounted() throws Exception {
    String topic = "sampled-run-logs";
    KAFKA.createTopic(topic, 1);
    IngestionEvent untraced = TestEvents.run("PowerBI", "workspaces", "SUCCESS", Duration.ofMinutes(1));
    IngestionEvent traced = TestEvents.run("PowerBI", "workspaces", "SUCCESS", Duration.ofMinutes(1));
    IngestionEvent failed = TestEvents.run("PowerBI", "workspaces", "FAILED", Duration.ofMinutes(1));
    try (TestTelemetry telemetry = new TestTelemetry(io.opentelemetry.sdk.trace.samplers.Sampler.parentBased(
            io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOff()));
        Processor processor = new Processor(TestSettings.of(KAFKA, topic).toBuilder().runLogs(RunLogs.SAMPLED).build(), telemetry.sdk)) {
      processor.start();
      try (Producer<String, byte[]> producer = KAFKA.producer()) {
        producer.send(new ProducerRecord<>(topic, "PowerBI", TestEvents.json(untraced))).get();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, "PowerBI", TestEvents.json(traced));
        record.headers().add("traceparent",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
        producer.send(new ProducerRecord<>(topic, "PowerBI", TestEvents.json(failed))).get();
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> processor.handledCount() == 3);

      assertThat(telemetry.runEvents())
          .extracting(l -> l.getAttributes().get(IngestionAttributes.EVENT_ID))
          .containsExactlyInAnyOrder(traced.eventId(), failed.eventId());
      Attributes powerBi = labels("PowerBI", "workspaces");
      assertThat(metric(telemetry.collect(), "ingestion.runs"))
          .hasLongSumSatisfying(sum -> sum.hasPointsSatisfying(
              p -> p.hasAttributes(withStatus(powerBi, "SUCCESS")).hasValue(2),
              p -> p.hasAttributes(withStatus(powerBi, "FAILED")).hasValue(1)));
    }
  }

  @Test
  void recoveryIsMeasuredFromAFailureToTheNextSuccessOfTheSameSourceAndObject() throws Exception {
    String topic = "recovery";
    KAFKA.createTopic(topic, 3);
    java.time.Instant failedEnd = java.time.Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    IngestionEvent failed = TestEvents.run("PowerBI", "workspaces", "FAILED", failedEnd.minusSeconds(30), failedEnd, "timeout");
    IngestionEvent recovered = TestEvents.run("PowerBI", "workspaces", "SUCCESS",
        failedEnd.plusSeconds(3600), failedEnd.plusSeconds(3630), "ok");
    try (TestTelemetry telemetry = new TestTelemetry();
        Processor processor = new Processor(TestSettings.of(KAFKA, topic), telemetry.sdk)) {
      processor.start();
      try (Producer<String, byte[]> producer = KAFKA.producer()) {
        producer.send(new ProducerRecord<>(topic, "PowerBI", TestEvents.json(failed))).get();
        producer.send(new ProducerRecord<>(topic, "PowerBI", TestEvents.json(recovered))).get();
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> processor.handledCount() == 2);
      assertThat(metric(telemetry.collect(), "ingestion.recovery.duration"))
          .hasUnit("s")
          .hasHistogramSatisfying(h -> h.hasPointsSatisfying(
              p -> p.hasCount(1).hasSum(3630).hasAttributes(labels("PowerBI", "workspaces"))));
    }
  }

  private static double epochSeconds(java.time.Instant instant) {
    return instant.getEpochSecond() + instant.getNano() / 1e9;
  }

  private static Attributes labels(String source, String object) {
    return Attributes.of(IngestionAttributes.SOURCE, source, IngestionAttributes.OBJECT, object,
        IngestionAttributes.COMPANY, "akonovia", IngestionAttributes.ZONE, "1-Raw");
  }

  private static Attributes withStatus(Attributes labels, String status) {
    return labels.toBuilder().put(IngestionAttributes.STATUS, status).build();
  }

  private static MetricData metric(Collection<MetricData> metrics, String name) {
    return TestTelemetry.metric(metrics, name).orElseThrow(() -> new AssertionError("no metric " + name));
  }

  private static SpanData processSpan(List<SpanData> spans, IngestionEvent event) {
    return only(spans, s -> s.getKind() == SpanKind.CONSUMER
        && event.eventId().equals(s.getAttributes().get(IngestionAttributes.EVENT_ID)));
  }

  /** The publish span of the trace whose process span carries this event. */
  private static boolean eventOf(List<SpanData> spans, SpanData publish, IngestionEvent event) {
    return spans.stream().anyMatch(s -> s.getParentSpanId().equals(publish.getSpanId())
        && event.eventId().equals(s.getAttributes().get(IngestionAttributes.EVENT_ID)));
  }

  private static <T> T only(List<T> items, java.util.function.Predicate<T> filter) {
    List<T> matching = items.stream().filter(filter).collect(Collectors.toList());
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }
}
