package io.ingestlens.producer.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ingestlens.event.EventJson;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.producer.kafka.KafkaEventSink;
import io.ingestlens.producer.kafka.KafkaTarget;
import io.ingestlens.producer.legacy.LegacyReader;
import io.ingestlens.producer.legacy.LegacyRecordHandler;
import io.ingestlens.producer.legacy.Rejection;
import io.ingestlens.producer.support.Cli;
import io.ingestlens.producer.support.Samples;
import io.ingestlens.runtime.otel.backpressure.TelemetryBackpressure;
import io.ingestlens.testkit.KafkaBroker;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The producer's side of docs/telemetry.md, checked with in-memory exporters and a real broker. */
class ProducerTelemetryTest {

  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("ingestion.event_id");
  private static final AttributeKey<String> SOURCE = AttributeKey.stringKey("ingestion.source");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");

  @RegisterExtension
  static final KafkaBroker KAFKA = new KafkaBroker();

  @TempDir Path dir;

  private Cli.Result replay(Path file, String topic) {
    return Cli.run(OTEL.getOpenTelemetry(), Map.of(), "replay", "--file", file.toString(), "--topic", topic,
        "--bootstrap-servers", KAFKA.bootstrapServers());
  }

  private static List<IngestionEvent> sample() throws Exception {
    List<IngestionEvent> events = new ArrayList<>();
    new LegacyReader(ZoneId.of("UTC")).read(Samples.logsJson(), new LegacyRecordHandler() {
      @Override
      public void accept(IngestionEvent event) {
        events.add(event);
      }

      @Override
      public void reject(Rejection rejection) {}
    });
    return events;
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  private List<SpanData> runSpans() {
    return OTEL.getSpans().stream().filter(s -> s.getName().equals("ingestion.run")).toList();
  }

  @Test
  void oneRootRunSpanPerEventWithTheRunsAttributesTimesAndStatus() throws Exception {
    assertThat(replay(Samples.logsJson(), "telemetry-runs").code()).isZero();

    Map<String, IngestionEvent> events =
        sample().stream().collect(Collectors.toMap(IngestionEvent::eventId, Function.identity()));
    List<SpanData> runs = runSpans();
    assertThat(runs).hasSize(events.size());
    for (SpanData span : runs) {
      IngestionEvent event = events.get(span.getAttributes().get(EVENT_ID));
      assertThat(event).as("event of span %s", span).isNotNull();
      assertThat(span.getKind()).isEqualTo(SpanKind.INTERNAL);
      assertThat(span.getParentSpanContext().isValid()).isFalse();
      assertThat(span.getAttributes().asMap()).containsAllEntriesOf(Map.of(
          SOURCE, event.ingested().source(),
          AttributeKey.stringKey("ingestion.object"), event.ingested().object(),
          AttributeKey.stringKey("ingestion.status"), event.run().status(),
          AttributeKey.stringKey("ingestion.company"), "akonovia",
          AttributeKey.stringKey("ingestion.zone"), "1-Raw",
          AttributeKey.stringKey("ingestion.origin.mode"), "replay"));
      assertThat(span.getStartEpochNanos()).isEqualTo(nanos(event.run().startedAt()));
      assertThat(span.getEndEpochNanos()).isEqualTo(nanos(event.run().endedAt()));
      if (event.run().failed()) {
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getStatus().getDescription()).isEqualTo(event.run().description());
      } else {
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
      }
    }
    assertThat(runs).filteredOn(s -> s.getStatus().getStatusCode() == StatusCode.ERROR).hasSize(4);
  }

  @Test
  void thePublishSpanIsAChildOfTheRunAndItsContextTravelsInTheRecord() throws Exception {
    assertThat(replay(Samples.logsJson(), "telemetry-trace").code()).isZero();

    Map<String, SpanData> runsByEventId = runSpans().stream()
        .collect(Collectors.toMap(s -> s.getAttributes().get(EVENT_ID), Function.identity()));
    Map<String, SpanData> publishByTrace = OTEL.getSpans().stream()
        .filter(s -> s.getKind() == SpanKind.PRODUCER)
        .collect(Collectors.toMap(SpanData::getTraceId, Function.identity()));
    assertThat(publishByTrace).hasSize(runsByEventId.size());
    assertThat(publishByTrace.values()).allSatisfy(s -> assertThat(s.getName()).isEqualTo("telemetry-trace publish"));

    for (ConsumerRecord<String, byte[]> record : KAFKA.readToEnd("telemetry-trace")) {
      JsonNode body = EventJson.mapper().readTree(record.value());
      SpanData run = runsByEventId.get(body.get("event_id").asText());
      SpanData publish = publishByTrace.get(run.getTraceId());
      assertThat(publish.getParentSpanId()).isEqualTo(run.getSpanId());
      Header traceparent = record.headers().lastHeader("traceparent");
      assertThat(traceparent).isNotNull();
      String[] parts = new String(traceparent.value(), StandardCharsets.UTF_8).split("-");
      assertThat(parts[1]).isEqualTo(run.getTraceId());
      assertThat(parts[2]).isEqualTo(publish.getSpanId());
    }
  }

  @Test
  void countsPublishedEventsPerSourceOnAcknowledgement() throws Exception {
    assertThat(replay(Samples.logsJson(), "telemetry-count").code()).isZero();

    Map<String, Long> expected = sample().stream()
        .collect(Collectors.groupingBy(e -> e.ingested().source(), Collectors.counting()));
    MetricData published = metric("ingestion.events.published");
    assertThat(published.getUnit()).isEqualTo("{event}");
    Map<String, Long> counted = published.getLongSumData().getPoints().stream()
        .peek(p -> assertThat(p.getAttributes().get(DESTINATION)).isEqualTo("telemetry-count"))
        .collect(Collectors.toMap(p -> p.getAttributes().get(SOURCE), LongPointData::getValue));
    assertThat(counted).isEqualTo(expected);
    assertThat(published.getLongSumData().getPoints())
        .allSatisfy(p -> assertThat(p.getAttributes().size()).isEqualTo(2));
  }

  @Test
  void countsRejectedRecordsByReason() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.json"), """
        [
          {"Etat": "SUCCESS", "Source": "PowerBI", "Objet": "workspaces", "Debut": "2025-09-15 10:00:00", "Duree secondes": 1},
          {"Etat": "SUCCESS", "Objet": "workspaces", "Debut": "2025-09-15 10:00:00", "Duree secondes": 1},
          {"Etat": "SUCCESS", "Source": "PowerBI", "Debut": "2025-09-15 10:00:00", "Duree secondes": 1},
          {"Etat": "SUCCESS", "Source": "PowerBI", "Objet": "workspaces", "Debut": "2025-09-15 10:00:00", "Duree secondes": "x"},
          "not an object"
        ]
        """);

    assertThat(replay(file, "telemetry-rejects").code()).isZero();

    MetricData rejected = metric("ingestion.records.rejected");
    assertThat(rejected.getUnit()).isEqualTo("{record}");
    Map<String, Long> byReason = rejected.getLongSumData().getPoints().stream()
        .collect(Collectors.toMap(p -> p.getAttributes().get(ERROR_TYPE), LongPointData::getValue));
    assertThat(byReason).containsOnly(
        Map.entry("missing_field", 2L), Map.entry("invalid_field", 1L), Map.entry("not_an_object", 1L),
        Map.entry("invalid_json", 0L), Map.entry("invalid_time_range", 0L));
    assertThat(metric("ingestion.events.published").getLongSumData().getPoints())
        .extracting(LongPointData::getValue).containsExactly(1L);
  }

  @Test
  void bridgesTheKafkaProducerMetricsWhileTheProducerIsOpen() throws Exception {
    KafkaTarget target = KafkaTarget.resolve(
        Map.of(), KAFKA.bootstrapServers(), "telemetry-client", KafkaTarget.DEFAULT_PARTITIONS, Map.of(),
        Duration.ofSeconds(30));
    ProducerTelemetry telemetry = new ProducerTelemetry(OTEL.getOpenTelemetry(), target.topic());
    try (KafkaEventSink sink = KafkaEventSink.open(target, OTEL.getOpenTelemetry(), TelemetryBackpressure.none(), telemetry)) {
      for (IngestionEvent event : sample().subList(0, 20)) {
        sink.publish(event);
      }
      sink.flush();

      assertThat(OTEL.getMetrics()).extracting(MetricData::getName)
          .contains("kafka.producer.record_send_rate", "ingestion.events.published");
    }
  }

  @Test
  void aDryRunEmitsNoTelemetry() {
    Cli.Result result = Cli.run(OTEL.getOpenTelemetry(), Map.of(), "--file", Samples.logsJson().toString(), "--dry-run");

    assertThat(result.code()).isZero();
    assertThat(OTEL.getSpans()).isEmpty();
    assertThat(OTEL.getMetrics()).isEmpty();
  }

  private static MetricData metric(String name) {
    return OTEL.getMetrics().stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }

}
