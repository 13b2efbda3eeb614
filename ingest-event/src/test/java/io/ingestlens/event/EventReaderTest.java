package io.ingestlens.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the corpus (EventCorpusTest) does not show: the values handed out, the details, the order of checks. */
class EventReaderTest {

  private final EventReader reader = new EventReader();
  private final long now = Instant.now().getEpochSecond();

  @Test
  void readsAValidEventWithTheValuesTheProcessorNeeds() {
    IngestionEvent event = event();
    EventReader.Result result = reader.read(EventJson.toBytes(event), now);
    assertThat(result).isInstanceOf(EventReader.Valid.class);
    EventReader.Valid valid = (EventReader.Valid) result;
    assertThat(valid.event()).isEqualTo(event);
    UUID id = UUID.fromString(event.eventId());
    assertThat(valid.idHigh()).isEqualTo(id.getMostSignificantBits());
    assertThat(valid.idLow()).isEqualTo(id.getLeastSignificantBits());
    assertThat(valid.startedAt()).isEqualTo(event.run().startedAt().toString());
    assertThat(valid.endedAt()).isEqualTo(event.run().endedAt().toString());
    assertThat(valid.durationS()).isEqualTo(event.run().durationS());
  }

  @Test
  void anEventWithoutAnEndEndsAfterItsDuration() {
    EventReader.Valid valid = (EventReader.Valid) read(n -> run(n).remove("ended_at"));
    assertThat(valid.event().run().endedAt()).isNull();
    assertThat(valid.endedAt()).isEqualTo(valid.event().run().effectiveEnd().toString());
  }

  @Test
  void refusesEmptyAndNullValues() {
    assertReason(reader.read(new byte[0], now), "invalid_json");
    assertReason(reader.read(null, now), "invalid_json");
  }

  @Test
  void refusesMessagesOverOneMebibyteBeforeParsing() {
    byte[] value = new byte[EventJson.MAX_EVENT_BYTES + 1]; // not even JSON: never looked at
    assertReason(reader.read(value, now), "too_large");
  }

  @Test
  void namesTheDuplicateAndTheDepth() {
    String json = EventJson.toJson(event());
    String twice = json.replace("\"status\":\"SUCCESS\"", "\"status\":\"SUCCESS\",\"status\":\"FAILED\"");
    assertThat(detail(reader.read(bytes(twice), now))).contains("Duplicate field 'status'");
    String nested = "{\"a\":".repeat(65) + "1" + "}".repeat(65);
    assertThat(detail(reader.read(bytes(nested), now))).contains("nesting depth");
  }

  @Test
  void checksTheSchemaVersionFirst() {
    assertReason(read(n -> n.put("schema_version", 2).remove("run")), "unsupported_schema_version");
    assertReason(read(n -> n.put("schema_version", "1").remove("run")), "invalid_field");
    assertReason(read(n -> n.remove("schema_version")), "missing_field");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "event_id", "event_type", "run", "ingested", "tenant", "resources", "origin", "run.status", "run.started_at",
      "run.duration_s", "ingested.source", "ingested.object", "origin.mode"})
  void namesAMissingRequiredField(String path) {
    EventReader.Result result = read(n -> remove(n, path));
    assertReason(result, "missing_field");
    assertThat(detail(result)).isEqualTo("missing field " + path);
    assertReason(read(n -> setNull(n, path)), "missing_field");
  }

  @Test
  void aWrongValueWinsOverAMissingField() {
    EventReader.Result result = read(n -> run(n).put("duration_s", -1).remove("status"));
    assertReason(result, "invalid_field");
    assertThat(detail(result)).isEqualTo("run.duration_s must be between 0 and 1000000000");
  }

  @Test
  void detailsAreShortAndNeverTheWholePayload() {
    String name = "k".repeat(10_000);
    String payload = "{\"" + name + "\": 1, \"" + name + "\": 2}";
    String detail = detail(reader.read(bytes(payload), now));
    assertThat(detail).startsWith("malformed JSON: Duplicate field 'kkk").hasSizeLessThanOrEqualTo(EventReader.MAX_DETAIL_CHARS);
    String emoji = "\uD83D\uDE00".repeat(EventReader.MAX_DETAIL_CHARS);
    assertThat(EventReader.detail("x" + emoji)).hasSize(EventReader.MAX_DETAIL_CHARS - 1).endsWith("\uD83D\uDE00");
  }

  @Test
  void eachReaderKeepsNothingFromOneEventToTheNext() {
    assertReason(reader.read(bytes("{\"schema_version\": 1, \"event_id\": 7}"), now), "invalid_field");
    assertThat(reader.read(EventJson.toBytes(event()), now)).isInstanceOf(EventReader.Valid.class);
  }

  /**
   * Mutated events: the reader always answers (bad input never throws), and calls a document
   * invalid_json exactly when Jackson's own tree parser, with the same strictness, cannot read it.
   */
  @Test
  void answersEveryMutatedEventAndRefusesExactlyWhatIsNotJson() {
    Random random = new Random(20_240_501);
    byte[] alphabet = bytes("{}[]\",:\\ 0123456789.eE+-truefalsnulx\n\tu");
    List<byte[]> seeds = List.of(
        EventJson.toBytes(event()),
        bytes("{\"extra\":{\"a\":[1,{\"b\":\"\\u00e9\"},[true,null]],\"c\":-1.5e3},\"x\":\"y\"}"));
    ObjectReader strict = EventJson.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    Map<String, Integer> outcomes = new TreeMap<>();
    for (int i = 0; i < 30_000; i++) {
      byte[] doc = seeds.get(random.nextInt(seeds.size())).clone();
      for (int e = 1 + random.nextInt(3); e > 0; e--) {
        doc = mutate(doc, random, alphabet);
      }
      EventReader.Result result = reader.read(doc, now);
      String outcome = result instanceof EventReader.Rejected r ? r.reason().errorType() : "valid";
      outcomes.merge(outcome, 1, Integer::sum);
      boolean json;
      try {
        JsonNode tree = strict.readTree(doc);
        json = tree != null && !tree.isMissingNode();
      } catch (IOException e) {
        json = false;
      }
      assertThat(outcome.equals("invalid_json")).as(new String(doc, StandardCharsets.UTF_8)).isEqualTo(!json);
    }
    assertThat(outcomes).containsKeys("valid", "invalid_json", "invalid_field", "missing_field");
  }

  private static byte[] mutate(byte[] doc, Random random, byte[] alphabet) {
    if (doc.length == 0) {
      return new byte[] {alphabet[random.nextInt(alphabet.length)]};
    }
    int at = random.nextInt(doc.length);
    byte b = alphabet[random.nextInt(alphabet.length)];
    switch (random.nextInt(3)) {
      case 0 -> { // replace
        doc[at] = b;
        return doc;
      }
      case 1 -> { // delete
        byte[] out = new byte[doc.length - 1];
        System.arraycopy(doc, 0, out, 0, at);
        System.arraycopy(doc, at + 1, out, at, doc.length - at - 1);
        return out;
      }
      default -> { // insert
        byte[] out = new byte[doc.length + 1];
        System.arraycopy(doc, 0, out, 0, at);
        out[at] = b;
        System.arraycopy(doc, at, out, at + 1, doc.length - at);
        return out;
      }
    }
  }

  private static IngestionEvent event() {
    Instant end = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
    return new IngestionEvent(
        IngestionEvent.SCHEMA_VERSION,
        EventIds.forGenerated(7, 1),
        IngestionEvent.EVENT_TYPE,
        new Run(Run.SUCCESS, end.minusSeconds(30), end, 30.0, "run of PowerBI/workspaces"),
        new Ingested("PowerBI", "workspaces"),
        new Tenant("akonovia", "1-Raw"),
        new Resources(2.5, 64L * 1024 * 1024),
        new Origin(Origin.GENERATE, null, null, null),
        null);
  }

  private EventReader.Result read(Consumer<ObjectNode> change) {
    ObjectNode node = EventJson.mapper().valueToTree(event());
    change.accept(node);
    return reader.read(bytes(node.toString()), now);
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

  private static String detail(EventReader.Result result) {
    assertThat(result).isInstanceOf(EventReader.Rejected.class);
    return ((EventReader.Rejected) result).detail();
  }

  private static void assertReason(EventReader.Result result, String errorType) {
    assertThat(result).isInstanceOf(EventReader.Rejected.class);
    assertThat(((EventReader.Rejected) result).reason().errorType()).isEqualTo(errorType);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
