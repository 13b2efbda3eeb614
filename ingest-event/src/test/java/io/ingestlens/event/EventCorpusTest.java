package io.ingestlens.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * One corpus of events, run through both the reader ({@link EventReader}) and the published JSON
 * Schema (ingestion-event.v1.schema.json, format assertions on): they must agree. Files under
 * {@code corpus/}:
 *
 * <ul>
 *   <li>{@code valid/}: both accept; the event also survives a write and a read again;
 *   <li>{@code invalid/<reason>/}: the reader refuses with that {@code error.type}, and the schema
 *       refuses too: the bytes are no single JSON value (RFC 8259, as a standard parser reads it),
 *       or the value fails the schema. {@link #SCHEMA_CANNOT_REFUSE} lists, each with why, the
 *       cases the schema cannot state; for those the test holds that the schema does accept them,
 *       so the list stays exact;
 *   <li>{@code tolerated/}: the reader accepts what this version's schema refuses, each for
 *       {@link #READER_TOLERATES}'s reason.
 * </ul>
 *
 * {@code .bin} files hold bytes a text file cannot (invalid UTF-8, another encoding).
 */
class EventCorpusTest {

  private static final String DUPLICATES =
      "the schema sees the parsed value, in which the parser has already resolved the repeated name (RFC 8259, 4)";
  private static final String LENIENT_UTF8 =
      "the schema sees the parsed value; Jackson's defaults, as other parsers, decode this malformed UTF-8 silently";
  private static final String INTEGER_WITH_FRACTION =
      "a JSON Schema integer is a mathematical one, 1.0 included; the reader wants integers written without a fraction";
  private static final String NO_CLOCK = "the schema does not know the time of reading";

  /** Invalid events the schema accepts, with why it cannot refuse them. */
  static final Map<String, String> SCHEMA_CANNOT_REFUSE = Map.ofEntries(
      Map.entry("invalid_json/duplicate-key-at-the-root.json", DUPLICATES),
      Map.entry("invalid_json/duplicate-key-in-run.json", DUPLICATES),
      Map.entry("invalid_json/duplicate-key-written-differently.json", DUPLICATES),
      Map.entry("invalid_json/duplicate-key-inside-extra.json", DUPLICATES),
      Map.entry("invalid_json/nested-deeper-than-64.json",
          "extra is free-form, and JSON Schema has no keyword for the depth of a whole document"),
      Map.entry("invalid_json/overlong-utf8-nul.bin", LENIENT_UTF8),
      Map.entry("invalid_json/utf8-beyond-u10ffff.bin", LENIENT_UTF8),
      Map.entry("invalid_json/byte-order-mark.bin",
          "the schema sees the parsed value; parsers may skip a byte order mark (RFC 8259, 8.1), the reader refuses it"),
      Map.entry("invalid_json/utf16le-encoded.bin",
          "the schema sees the parsed value; a parser may detect UTF-16, the reader takes only UTF-8 (RFC 8259, 8.1)"),
      Map.entry("invalid_field/schema-version-written-1.0.json", INTEGER_WITH_FRACTION),
      Map.entry("invalid_field/memory-written-with-a-zero-fraction.json", INTEGER_WITH_FRACTION),
      Map.entry("invalid_field/started-at-leap-second.json",
          "format date-time allows a leap second (:60); the reader cannot hold one in an Instant"),
      Map.entry("invalid_time_range/end-before-start.json", "JSON Schema cannot compare two fields"),
      Map.entry("invalid_time_range/end-far-in-the-future.json", NO_CLOCK),
      Map.entry("invalid_time_range/no-end-and-a-start-far-in-the-future.json", NO_CLOCK));

  /** Events the reader accepts and the schema refuses: the schema is what producers must write. */
  static final Map<String, String> READER_TOLERATES = Map.of(
      "unknown-field-at-the-root.json", "a later minor change of version 1 may add fields (docs/event-schema.md, Versioning)",
      "unknown-field-in-run.json", "a later minor change of version 1 may add fields (docs/event-schema.md, Versioning)",
      "null-optional-fields.json", "an optional field given as null is read as absent");

  private static final Path CORPUS = corpus();
  private static final JsonSchema SCHEMA = schema();
  /** A standard parser: Jackson's defaults, but one JSON value per document as RFC 8259 has it. */
  private static final ObjectMapper STANDARD = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private final long now = Instant.now().getEpochSecond();

  @TestFactory
  Stream<DynamicTest> validEventsPassBothAndSurviveAWriteAndARead() throws IOException {
    return files("valid").map(file -> dynamicTest(name(file), () -> {
      byte[] bytes = Files.readAllBytes(file);
      EventReader.Result result = new EventReader().read(bytes, now);
      assertThat(result).as("reader").isInstanceOf(EventReader.Valid.class);
      assertThat(schemaErrors(bytes)).as("schema").isEmpty();
      IngestionEvent event = ((EventReader.Valid) result).event();
      EventReader.Result again = new EventReader().read(EventJson.toBytes(event), now);
      assertThat(again).isInstanceOf(EventReader.Valid.class);
      assertThat(((EventReader.Valid) again).event()).isEqualTo(event);
    }));
  }

  @TestFactory
  Stream<DynamicTest> invalidEventsAreRefusedByBothWithTheirReason() throws IOException {
    return files("invalid").map(file -> dynamicTest(name(file), () -> {
      byte[] bytes = Files.readAllBytes(file);
      String reason = file.getParent().getFileName().toString();
      EventReader.Result result = new EventReader().read(bytes, now);
      assertThat(result).as("reader").isInstanceOf(EventReader.Rejected.class);
      assertThat(((EventReader.Rejected) result).reason().errorType()).as("reason").isEqualTo(reason);
      String cannot = SCHEMA_CANNOT_REFUSE.get(name(file));
      if (cannot == null) {
        assertThat(schemaErrors(bytes)).as("schema errors").isNotEmpty();
      } else {
        assertThat(schemaErrors(bytes)).as("the schema accepts it: " + cannot).isEmpty();
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> toleratedEventsAreReadThoughThisVersionsSchemaRefusesThem() throws IOException {
    return files("tolerated").map(file -> dynamicTest(name(file), () -> {
      byte[] bytes = Files.readAllBytes(file);
      assertThat(READER_TOLERATES).containsKey(file.getFileName().toString());
      assertThat(new EventReader().read(bytes, now)).as("reader").isInstanceOf(EventReader.Valid.class);
      assertThat(schemaErrors(bytes)).as("schema errors").isNotEmpty();
    }));
  }

  @Test
  void aMessageOverOneMebibyteIsTooLargeThoughTheSchemaCannotSaySo() throws IOException {
    // Made here rather than stored: a megabyte of fixture for one byte past the limit.
    String event = Files.readString(CORPUS.resolve("valid/failed-replay-every-field.json"));
    String padded = event.replaceFirst("\"description\": \"", "\"description\": \"" + "x".repeat(EventJson.MAX_EVENT_BYTES));
    byte[] bytes = padded.getBytes(StandardCharsets.UTF_8);
    EventReader.Result result = new EventReader().read(bytes, now);
    assertThat(result).isInstanceOf(EventReader.Rejected.class);
    assertThat(((EventReader.Rejected) result).reason().errorType()).isEqualTo("too_large");
    assertThat(schemaErrors(bytes)).as("JSON Schema has no keyword for a document's size").isEmpty();
  }

  @Test
  void everyListedCaseIsInTheCorpusAndEveryReasonIsCovered() throws IOException {
    for (String name : SCHEMA_CANNOT_REFUSE.keySet()) {
      assertThat(CORPUS.resolve("invalid").resolve(name)).exists();
    }
    for (String name : READER_TOLERATES.keySet()) {
      assertThat(CORPUS.resolve("tolerated").resolve(name)).exists();
    }
    List<String> reasons;
    try (Stream<Path> dirs = Files.list(CORPUS.resolve("invalid"))) {
      reasons = dirs.map(d -> d.getFileName().toString()).toList();
    }
    List<String> all = Stream.of(RejectReason.values()).map(RejectReason::errorType).filter(r -> !r.equals("too_large")).toList();
    assertThat(reasons).containsExactlyInAnyOrderElementsOf(all);
  }

  /** The schema's complaints; a document that is no single JSON value has one, saying so. */
  private static List<String> schemaErrors(byte[] bytes) {
    JsonNode value;
    try {
      value = STANDARD.readTree(bytes);
    } catch (IOException e) {
      return List.of("not JSON: " + e.getMessage());
    }
    if (value == null || value.isMissingNode()) {
      return List.of("no JSON value");
    }
    return SCHEMA.validate(value).stream().map(ValidationMessage::getMessage).toList();
  }

  private static Stream<Path> files(String dir) throws IOException {
    try (Stream<Path> paths = Files.walk(CORPUS.resolve(dir))) {
      return paths.filter(Files::isRegularFile).sorted().toList().stream();
    }
  }

  private static String name(Path file) {
    Path dir = file.getParent();
    return dir.getFileName() + "/" + file.getFileName();
  }

  private static Path corpus() {
    try {
      return Path.of(EventCorpusTest.class.getResource("corpus").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonSchema schema() {
    try (InputStream in = IngestionEvent.class.getResourceAsStream("ingestion-event.v1.schema.json")) {
      SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
