package io.ingestlens.processor;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ingestlens.event.EventJson;
import io.ingestlens.event.EventReader;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.processor.kafka.DeadLetters;
import io.ingestlens.processor.telemetry.EventLog;
import io.ingestlens.runtime.otel.IngestionAttributes;
import io.ingestlens.runtime.otel.LogText;
import io.ingestlens.testkit.KafkaBroker;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A corpus of bad input through the real broker: every record ends processed or dead-lettered
 * (unchanged, with the right reason), none stops the processor, and the counts add up.
 */
class BadInputTest {

  private static final String TOPIC = "bad-input";
  private static final String DLQ = TOPIC + ".dlq";
  @RegisterExtension
  static final KafkaBroker KAFKA = new KafkaBroker();

  @BeforeAll
  static void createTopic() throws Exception {
    // Room for a record over 1 MiB, so the processor (not the broker) is the one refusing it.
    try (Admin admin = KAFKA.admin()) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)
          .configs(Map.of("max.message.bytes", String.valueOf(3 * 1024 * 1024))))).all().get();
    }
    KAFKA.createTopic(TOPIC, 1); // waits for the leader
  }

  /** One corpus entry; {@code reason} null means it must be processed. */
  private record Case(String name, String key, byte[] value, List<Header> headers, String reason) {}

  @Test
  void everyBadRecordIsDeadLetteredWithItsReasonAndNoneStopsTheProcessor() throws Exception {
    String hugeDescription = "x".repeat(1_000_000);
    String forged = "disk full\n2024-05-01T08:00:00Z INFO io.ingestlens.processor.runs fake SUCCESS\r\u2028";
    IngestionEvent longDescription = withDescription(hugeDescription);
    IngestionEvent forgedLine = withDescription(forged);
    IngestionEvent nullKey = valid();
    IngestionEvent brokenParent = valid();
    IngestionEvent last = valid();

    List<Case> corpus = new ArrayList<>();
    corpus.add(bad("not JSON", text("hello world, not json"), "invalid_json"));
    corpus.add(bad("empty message", new byte[0], "invalid_json"));
    corpus.add(bad("tombstone (null value)", null, "invalid_json"));
    corpus.add(bad("JSON array", text("[1, 2, 3]"), "not_an_object"));
    corpus.add(bad("JSON number", text("42"), "not_an_object"));
    corpus.add(bad("JSON string", text("\"ingestion.run\""), "not_an_object"));
    corpus.add(bad("missing run", changed(n -> n.remove("run")), "missing_field"));
    corpus.add(bad("missing source", changed(n -> ((ObjectNode) n.get("ingested")).remove("source")), "missing_field"));
    corpus.add(bad("duration as a string", changed(n -> run(n).put("duration_s", "30")), "invalid_field"));
    corpus.add(bad("run as a string", changed(n -> n.put("run", "FAILED")), "invalid_field"));
    corpus.add(bad("lower-case status", changed(n -> run(n).put("status", "failed")), "invalid_field"));
    corpus.add(bad("schema version 2", changed(n -> n.put("schema_version", 2)), "unsupported_schema_version"));
    corpus.add(bad("negative duration", changed(n -> run(n).put("duration_s", -3.5)), "invalid_field"));
    corpus.add(bad("NaN literal", replaced("\"duration_s\":30.0", "\"duration_s\":NaN"), "invalid_json"));
    corpus.add(bad("huge number", replaced("\"duration_s\":30.0", "\"duration_s\":1e400"), "invalid_field"));
    corpus.add(bad("huge integer", replaced("\"memory_bytes\":67108864", "\"memory_bytes\":123456789012345678901234567890"), "invalid_field"));
    corpus.add(bad("end before start", changed(n -> run(n).put("ended_at", "2001-01-01T00:00:00Z")), "invalid_time_range"));
    corpus.add(bad("over 1 MiB", text(EventJson.toJson(withDescription("y".repeat(1_100_000)))), "too_large"));
    corpus.add(bad("invalid UTF-8", invalidUtf8(), "invalid_json"));
    corpus.add(bad("deeply nested", changed(n -> n.set("extra", nested(100))), "invalid_json"));
    corpus.add(bad("duplicate keys", replaced("{\"schema_version\":1,", "{\"schema_version\":1,\"schema_version\":1,"), "invalid_json"));
    corpus.add(new Case("custom header kept", "k", text("{oops"),
        List.of(new RecordHeader("x-origin", text("legacy-file")), new RecordHeader("traceparent", text("garbage"))),
        "invalid_json"));
    corpus.add(ok("1 MB description", longDescription, List.of()));
    corpus.add(ok("forged log line", forgedLine, List.of()));
    corpus.add(new Case("null key", null, TestEvents.json(nullKey), List.of(), null));
    corpus.add(ok("broken traceparent", brokenParent,
        List.of(new RecordHeader("traceparent", text("00-not-a-valid-trace-context-01")))));
    corpus.add(ok("valid after all that", last, List.of()));

    Map<Long, Case> byOffset = new LinkedHashMap<>();
    try (TestTelemetry telemetry = new TestTelemetry();
        Processor processor = new Processor(TestSettings.of(KAFKA, TOPIC), telemetry.sdk)) {
      processor.start();
      try (Producer<String, byte[]> producer =
          KAFKA.producer(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 3 * 1024 * 1024))) {
        for (Case c : corpus) {
          long offset = producer.send(new ProducerRecord<>(TOPIC, 0, c.key(), c.value(), c.headers())).get().offset();
          byOffset.put(offset, c);
        }
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> processor.handledCount() == corpus.size());
      Collection<MetricData> metrics = telemetry.collect();

      // The invariant, by counting: consumed = processed + dead-lettered + duplicates.
      long processed = TestTelemetry.sum(metrics, "ingestion.events.processed");
      long rejected = TestTelemetry.sum(metrics, "ingestion.events.rejected");
      long duplicates = TestTelemetry.sum(metrics, "ingestion.events.duplicates");
      assertThat(processed + rejected + duplicates).isEqualTo(corpus.size()).isEqualTo(processor.handledCount());
      assertThat(processed).isEqualTo(corpus.stream().filter(c -> c.reason() == null).count());
      assertThat(rejectedByReason(metrics)).isEqualTo(expectedByReason(corpus));

      // Dead letters: unchanged key, value and headers, plus where from and why.
      List<ConsumerRecord<byte[], byte[]>> letters = KAFKA.read(DLQ, (int) rejected, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      assertThat(letters).hasSize((int) rejected);
      for (ConsumerRecord<byte[], byte[]> letter : letters) {
        long offset = Long.parseLong(header(letter, DeadLetters.ORIGINAL_OFFSET));
        Case c = byOffset.get(offset);
        assertThat(c).isNotNull();
        assertThat(c.reason()).as(c.name()).isNotNull();
        assertThat(header(letter, DeadLetters.REASON)).as(c.name()).isEqualTo(c.reason());
        assertThat(header(letter, DeadLetters.ORIGINAL_TOPIC)).isEqualTo(TOPIC);
        assertThat(header(letter, DeadLetters.ORIGINAL_PARTITION)).isEqualTo("0");
        assertThat(Instant.parse(header(letter, DeadLetters.TIME))).isBefore(Instant.now().plusSeconds(1));
        String detail = header(letter, DeadLetters.DETAIL);
        assertThat(detail).as(c.name()).isNotBlank().doesNotContain("\n", "\r");
        assertThat(detail.length()).isLessThanOrEqualTo(EventReader.MAX_DETAIL_CHARS + LogText.TRUNCATED_MARK.length());
        assertThat(letter.value()).as(c.name()).isEqualTo(c.value() == null ? null : c.value());
        assertThat(letter.key() == null ? null : new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo(c.key());
        List<Header> original = Arrays.asList(letter.headers().toArray()).subList(0, c.headers().size());
        assertThat(original).as(c.name()).containsExactlyElementsOf(c.headers());
      }

      // Rejects are logged at WARN with where and why, never the payload.
      List<LogRecordData> rejects = telemetry.logsOf(EventLog.REJECTS_LOGGER);
      assertThat(rejects).hasSize((int) rejected).allSatisfy(log -> {
        assertThat(log.getSeverityText()).isEqualTo("WARN");
        assertThat(log.getAttributes().get(IngestionAttributes.ERROR_TYPE)).isNotNull();
        assertThat(log.getAttributes().get(IngestionAttributes.MESSAGING_DESTINATION)).isEqualTo(TOPIC);
        assertThat(log.getAttributes().get(IngestionAttributes.MESSAGING_PARTITION)).isEqualTo("0");
        assertThat(log.getAttributes().get(IngestionAttributes.MESSAGING_KAFKA_OFFSET)).isNotNull();
        assertThat(log.getBodyValue().asString()).doesNotContain("\n").hasSizeLessThan(400).doesNotContain("yyyyyyyyyy");
      });

      // Rejected records' spans are errors carrying error.type.
      List<SpanData> errorSpans = telemetry.spans.getFinishedSpanItems().stream()
          .filter(s -> s.getStatus().getStatusCode() == StatusCode.ERROR).toList();
      assertThat(errorSpans).hasSize((int) rejected)
          .allSatisfy(s -> assertThat(s.getAttributes().get(IngestionAttributes.ERROR_TYPE)).isNotNull());

      // Accepted oddities: the long description is cut in the log body, the forged line is defused.
      Map<String, LogRecordData> runs = telemetry.runEvents().stream()
          .collect(Collectors.toMap(l -> l.getAttributes().get(IngestionAttributes.EVENT_ID), l -> l));
      assertThat(runs).containsKeys(nullKey.eventId(), brokenParent.eventId(), last.eventId());
      assertThat(runs.get(longDescription.eventId()).getBodyValue().asString())
          .hasSize(LogText.MAX_BODY_CHARS + LogText.TRUNCATED_MARK.length())
          .endsWith(LogText.TRUNCATED_MARK);
      assertThat(runs.get(forgedLine.eventId()).getBodyValue().asString())
          .doesNotContain("\n", "\r", "\u2028")
          .startsWith("disk full 2024-05-01T08:00:00Z INFO");
    }
  }

  private static Case bad(String name, byte[] value, String reason) {
    return new Case(name, "PowerBI", value, List.of(), reason);
  }

  private static Case ok(String name, IngestionEvent event, List<Header> headers) {
    return new Case(name, event.ingested().source(), TestEvents.json(event), headers, null);
  }

  private static IngestionEvent valid() {
    return TestEvents.run("PowerBI", "workspaces", "SUCCESS", Duration.ofMinutes(5));
  }

  private static IngestionEvent withDescription(String description) {
    IngestionEvent e = valid();
    return e.withRun(new io.ingestlens.event.Run(e.run().status(), e.run().startedAt(), e.run().endedAt(),
        e.run().durationS(), description));
  }

  private static byte[] changed(Consumer<ObjectNode> change) {
    ObjectNode node = EventJson.mapper().valueToTree(valid());
    change.accept(node);
    return text(node.toString());
  }

  private static byte[] replaced(String from, String to) {
    String json = EventJson.toJson(valid());
    assertThat(json).contains(from);
    return text(json.replace(from, to));
  }

  private static byte[] invalidUtf8() {
    byte[] json = TestEvents.json(withDescription("AAAA"));
    String s = new String(json, StandardCharsets.UTF_8);
    int at = s.indexOf("AAAA");
    json[at] = (byte) 0xff;
    json[at + 1] = (byte) 0xfe;
    return json;
  }

  private static ObjectNode nested(int depth) {
    ObjectNode root = EventJson.mapper().createObjectNode();
    ObjectNode current = root;
    for (int i = 0; i < depth; i++) {
      current = current.putObject("a");
    }
    return root;
  }

  private static ObjectNode run(ObjectNode node) {
    return (ObjectNode) node.get("run");
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
    Header header = record.headers().lastHeader(key);
    assertThat(header).as(key).isNotNull();
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  private static Map<String, Long> rejectedByReason(Collection<MetricData> metrics) {
    MetricData rejected = TestTelemetry.metric(metrics, "ingestion.events.rejected").orElseThrow();
    assertThat(rejected).hasUnit("{event}");
    Map<String, Long> counts = new HashMap<>();
    for (LongPointData p : rejected.getLongSumData().getPoints()) {
      assertThat(p.getAttributes().get(IngestionAttributes.MESSAGING_DESTINATION)).isEqualTo(TOPIC);
      counts.merge(p.getAttributes().get(IngestionAttributes.ERROR_TYPE), p.getValue(), Long::sum);
    }
    return counts;
  }

  private static Map<String, Long> expectedByReason(List<Case> corpus) {
    return corpus.stream().filter(c -> c.reason() != null)
        .collect(Collectors.groupingBy(Case::reason, Collectors.counting()));
  }
}
