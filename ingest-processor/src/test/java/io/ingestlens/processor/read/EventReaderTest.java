package io.ingestlens.processor.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ingestlens.event.EventJson;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.processor.TestEvents;
import io.ingestlens.processor.telemetry.LogText;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventReaderTest {

  /** The reader under test; {@link JacksonEventReaderTest} runs every case through the other one. */
  ValueReader reader = new EventReader();
  private final long now = Instant.now().getEpochSecond();

  @Test
  void readsAValidEvent() {
    IngestionEvent event = TestEvents.run("PowerBI", "workspaces", "SUCCESS", Duration.ofMinutes(5));
    EventReader.Result result = reader.read(TestEvents.json(event), now);
    assertThat(result).isInstanceOf(EventReader.Valid.class);
    IngestionEvent read = ((EventReader.Valid) result).event();
    assertThat(read.eventId()).isEqualTo(event.eventId());
    assertThat(read.run()).isEqualTo(event.run());
    assertThat(read.ingested()).isEqualTo(event.ingested());
    assertThat(read.tenant()).isEqualTo(event.tenant());
    assertThat(read.resources()).isEqualTo(event.resources());
    assertThat(read.origin()).isEqualTo(event.origin());
    java.util.UUID id = java.util.UUID.fromString(event.eventId());
    assertThat(((EventReader.Valid) result).idHigh()).isEqualTo(id.getMostSignificantBits());
    assertThat(((EventReader.Valid) result).idLow()).isEqualTo(id.getLeastSignificantBits());
    assertThat(((EventReader.Valid) result).startedAt()).isEqualTo(event.run().startedAt().toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "known field at the root   | '\"event_type\":\"ingestion.run\",'",
      "unknown field at the root | '\"x\":1,\"x\":2,'",
      "inside extra              | '\"extra\":{\"a\":{\"b\":1,\"b\":2}},'",
      "inside an array in extra  | '\"extra\":{\"list\":[{\"k\":1,\"k\":1}]},'",
  })
  void refusesDuplicateNamesAtAnyLevel(String name, String inserted) {
    EventReader.Result result = readWithInserted(inserted);
    assertReason(result, "invalid_json");
    assertThat(((EventReader.Rejected) result).detail()).contains("Duplicate field");
  }

  @Test
  void refusesADuplicateInsideANestedKnownObject() {
    String json = EventJson.toJson(TestEvents.run("PowerBI", "workspaces", "SUCCESS", Duration.ofMinutes(5)));
    String twice = json.replace("\"status\":\"SUCCESS\"", "\"status\":\"SUCCESS\",\"status\":\"FAILED\"");
    assertThat(twice).isNotEqualTo(json);
    assertReason(reader.read(twice.getBytes(StandardCharsets.UTF_8), now), "invalid_json");
  }

  @Test
  void allowsTheSameNameInDifferentObjects() {
    assertThat(readWithInserted("\"extra\":{\"a\":{\"k\":1},\"b\":{\"k\":[1,{\"k\":2}]}},"))
        .isInstanceOf(EventReader.Valid.class);
  }

  private EventReader.Result readWithInserted(String inserted) {
    String json = EventJson.toJson(TestEvents.run("PowerBI", "workspaces", "SUCCESS", Duration.ofMinutes(5)));
    assertThat(json).startsWith("{\"schema_version\":1,");
    String changed = "{\"schema_version\":1," + inserted + json.substring("{\"schema_version\":1,".length());
    return reader.read(changed.getBytes(StandardCharsets.UTF_8), now);
  }

  @Test
  void toleratesFieldsALaterMinorVersionMayAdd() {
    assertThat(read(n -> n.put("added_later", true))).isInstanceOf(EventReader.Valid.class);
  }

  @Test
  void optionalFieldsMayBeAbsentOrNull() {
    EventReader.Result result =
        read(n -> {
          ((ObjectNode) n.get("tenant")).removeAll();
          ((ObjectNode) n.get("resources")).putNull("cpu_time_s");
          ((ObjectNode) n.get("run")).remove("ended_at");
        });
    assertThat(result).isInstanceOf(EventReader.Valid.class);
    IngestionEvent event = ((EventReader.Valid) result).event();
    assertThat(event.tenant().company()).isNull();
    assertThat(event.resources().cpuTimeS()).isNull();
    assertThat(event.run().endedAt()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not JSON                  | hello                                  | invalid_json",
      "truncated                 | '{\"schema_version\": 1'               | invalid_json",
      "NaN literal               | '{\"a\": NaN}'                         | invalid_json",
      "trailing data             | '{} {}'                                | invalid_json",
      "duplicate keys            | '{\"a\": 1, \"a\": 2}'                 | invalid_json",
      "array                     | '[1, 2]'                               | not_an_object",
      "number                    | 42                                     | not_an_object",
      "string                    | '\"event\"'                            | not_an_object",
      "null                      | null                                   | not_an_object",
      "empty object              | '{}'                                   | missing_field",
  })
  void refusesWhatIsNotAnEventObject(String name, String json, String reason) {
    assertReason(reader.read(json.getBytes(StandardCharsets.UTF_8), now), reason);
  }

  @Test
  void refusesEmptyAndNullValues() {
    assertReason(reader.read(new byte[0], now), "invalid_json");
    assertReason(reader.read(null, now), "invalid_json");
    assertReason(reader.read("   ".getBytes(StandardCharsets.UTF_8), now), "invalid_json");
  }

  @Test
  void refusesInvalidUtf8() {
    byte[] value = "{\"schema_version\": 1, \"event_id\": \"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    assertReason(reader.read(value, now), "invalid_json");
  }

  @Test
  void refusesDeepNesting() {
    String nested = "{\"a\":".repeat(200) + "1" + "}".repeat(200);
    EventReader.Result result = reader.read(nested.getBytes(StandardCharsets.UTF_8), now);
    assertReason(result, "invalid_json");
    assertThat(((EventReader.Rejected) result).detail()).contains("nesting");
  }

  @Test
  void refusesMessagesOverOneMebibyteBeforeParsing() {
    byte[] value = new byte[EventReader.MAX_EVENT_BYTES + 1];
    assertReason(reader.read(value, now), "too_large");
  }

  @Test
  void checksTheSchemaVersionFirst() {
    assertReason(read(n -> n.put("schema_version", 2).remove("run")), "unsupported_schema_version");
    assertReason(read(n -> n.put("schema_version", "1")), "invalid_field");
    assertReason(read(n -> n.put("schema_version", 1.5)), "invalid_field");
    assertReason(read(n -> n.remove("schema_version")), "missing_field");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "event_id         | event_id",
      "event_type       | event_type",
      "run              | run",
      "ingested         | ingested",
      "tenant           | tenant",
      "resources        | resources",
      "origin           | origin",
      "run.status       | run.status",
      "run.started_at   | run.started_at",
      "run.duration_s   | run.duration_s",
      "ingested.source  | ingested.source",
      "ingested.object  | ingested.object",
      "origin.mode      | origin.mode",
  })
  void refusesAMissingRequiredField(String field, String path) {
    EventReader.Result result = read(n -> remove(n, field));
    assertReason(result, "missing_field");
    assertThat(((EventReader.Rejected) result).detail()).isEqualTo("missing field " + path);
    assertReason(read(n -> setNull(n, field)), "missing_field");
  }

  @Test
  void refusesWrongTypesAndValues() {
    assertReason(read(n -> run(n).put("duration_s", "12")), "invalid_field");
    assertReason(read(n -> run(n).put("duration_s", -1)), "invalid_field");
    assertReason(read(n -> run(n).put("duration_s", 1e12)), "invalid_field");
    assertReason(readText("\"duration_s\": 1e400"), "invalid_field");
    assertReason(read(n -> run(n).put("status", "success")), "invalid_field");
    assertReason(read(n -> run(n).put("status", "")), "invalid_field");
    assertReason(read(n -> run(n).put("started_at", "yesterday")), "invalid_field");
    assertReason(read(n -> run(n).put("started_at", "2024-05-01T08:00:00+02:00")), "invalid_field");
    assertReason(read(n -> run(n).put("description", 5)), "invalid_field");
    assertReason(read(n -> n.put("run", "FAILED")), "invalid_field");
    assertReason(read(n -> n.put("event_id", "not-a-uuid")), "invalid_field");
    assertReason(read(n -> n.put("event_id", 7)), "invalid_field");
    assertReason(read(n -> n.put("event_type", "other")), "invalid_field");
    assertReason(read(n -> ((ObjectNode) n.get("ingested")).put("source", "")), "invalid_field");
    assertReason(read(n -> ((ObjectNode) n.get("resources")).put("memory_bytes", -5)), "invalid_field");
    assertReason(read(n -> ((ObjectNode) n.get("resources")).put("memory_bytes", 1.5)), "invalid_field");
    assertReason(read(n -> ((ObjectNode) n.get("resources")).put("cpu_time_s", -0.1)), "invalid_field");
    assertReason(readText("\"memory_bytes\": 100000000000000000000000000000"), "invalid_field");
    assertReason(read(n -> ((ObjectNode) n.get("origin")).put("mode", "other")), "invalid_field");
    assertReason(read(n -> ((ObjectNode) n.get("origin")).put("position_kind", "page")), "invalid_field");
    assertReason(read(n -> n.put("extra", 3)), "invalid_field");
  }

  @Test
  void refusesAnEndBeforeTheStartOrFarInTheFuture() {
    assertReason(read(n -> run(n).put("ended_at", "2000-01-01T00:00:00Z")), "invalid_time_range");
    Instant future = Instant.now().plus(Duration.ofDays(3));
    assertReason(read(n -> run(n).put("ended_at", future.toString())), "invalid_time_range");
  }

  @Test
  void detailsAreOneLineAndCapped() {
    String payload = "{\"x\": \"" + "\n".repeat(10) + "\", " + "\"k".repeat(1000);
    EventReader.Result result = reader.read(payload.getBytes(StandardCharsets.UTF_8), now);
    String detail = ((EventReader.Rejected) result).detail();
    assertThat(detail).doesNotContain("\n", "\r");
    assertThat(detail.length()).isLessThanOrEqualTo(EventReader.MAX_DETAIL_CHARS + LogText.TRUNCATED_MARK.length());
  }

  private EventReader.Result read(Consumer<ObjectNode> change) {
    IngestionEvent event = TestEvents.run("PowerBI", "workspaces", "SUCCESS", Duration.ofMinutes(5));
    ObjectNode node = EventJson.mapper().valueToTree(event);
    change.accept(node);
    return reader.read(node.toString().getBytes(StandardCharsets.UTF_8), now);
  }

  /** A valid event whose text has one number field replaced verbatim (for numbers Jackson cannot build). */
  private EventReader.Result readText(String replacement) {
    IngestionEvent event = TestEvents.run("PowerBI", "workspaces", "SUCCESS", Duration.ofMinutes(5));
    String json = EventJson.toJson(event);
    String key = replacement.substring(0, replacement.indexOf(':'));
    String replaced = json.replaceFirst(java.util.regex.Pattern.quote(key) + ":[^,}]+", java.util.regex.Matcher.quoteReplacement(replacement));
    assertThat(replaced).isNotEqualTo(json);
    return reader.read(replaced.getBytes(StandardCharsets.UTF_8), now);
  }

  private static ObjectNode run(ObjectNode node) {
    return (ObjectNode) node.get("run");
  }

  private static void remove(ObjectNode root, String path) {
    int dot = path.indexOf('.');
    if (dot < 0) {
      root.remove(path);
    } else {
      ((ObjectNode) root.get(path.substring(0, dot))).remove(path.substring(dot + 1));
    }
  }

  private static void setNull(ObjectNode root, String path) {
    int dot = path.indexOf('.');
    if (dot < 0) {
      root.putNull(path);
    } else {
      ((ObjectNode) root.get(path.substring(0, dot))).putNull(path.substring(dot + 1));
    }
  }

  private static void assertReason(EventReader.Result result, String errorType) {
    assertThat(result).isInstanceOf(EventReader.Rejected.class);
    assertThat(((EventReader.Rejected) result).reason().errorType()).isEqualTo(errorType);
  }
}
