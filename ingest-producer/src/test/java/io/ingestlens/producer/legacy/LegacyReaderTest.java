package io.ingestlens.producer.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ingestlens.event.EventIds;
import io.ingestlens.event.IngestionEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LegacyReaderTest {

  private static final String GOOD =
      "{\"Etat\":\"SUCCESS\",\"Source\":\"Efficy\",\"Objet\":\"Contact\",\"Debut\":\"2025-09-15 10:00:00\",\"Duree secondes\":2.5}";
  private static final String GOOD_2 =
      "{\"Etat\":\"failed\",\"Source\":\"zohobooks\",\"Objet\":\"invoices_ga\",\"Debut\":\"2025-09-15 11:00:00\",\"Fin\":\"2025-09-15 11:00:03\"}";
  private static final String NO_SOURCE =
      "{\"Etat\":\"SUCCESS\",\"Objet\":\"Contact\",\"Debut\":\"2025-09-15 10:00:00\",\"Duree secondes\":2.5}";

  @TempDir Path dir;

  private final LegacyReader reader = new LegacyReader(ZoneId.of("UTC"));
  private final List<IngestionEvent> events = new ArrayList<>();
  private final List<Rejection> rejections = new ArrayList<>();
  private final LegacyRecordHandler collect =
      new LegacyRecordHandler() {
        @Override
        public void accept(IngestionEvent event) {
          events.add(event);
        }

        @Override
        public void reject(Rejection rejection) {
          rejections.add(rejection);
        }
      };

  private Path file(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void readsAJsonArrayWithIndexPositionsFromZero() throws Exception {
    Path file = file("logs.json", "[\n" + GOOD + ",\n" + NO_SOURCE + ",\n" + GOOD_2 + "\n]");

    ReadCounts counts = reader.read(file, collect);

    assertThat(counts).isEqualTo(new ReadCounts(3, 2, 1));
    assertThat(events).extracting(e -> e.origin().position()).containsExactly(0L, 2L);
    assertThat(events).extracting(e -> e.origin().positionKind()).containsOnly("index");
    assertThat(events).extracting(e -> e.origin().file()).containsOnly("logs.json");
    assertThat(rejections).singleElement().satisfies(r -> {
      assertThat(r.position()).isEqualTo(Position.index("logs.json", 1));
      assertThat(r.reason()).isEqualTo(LegacyRejectReason.MISSING_FIELD);
      assertThat(r.line()).isEqualTo("logs.json index 1: missing_field: Source is missing");
    });
  }

  @Test
  void readsJsonLinesWithLineNumbersFromOneAndSkipsBlankLines() throws Exception {
    Path file = file("runs.jsonl", GOOD + "\n\n   \n" + GOOD_2 + "\r\n" + NO_SOURCE + "\n");

    ReadCounts counts = reader.read(file, collect);

    assertThat(counts).isEqualTo(new ReadCounts(3, 2, 1));
    assertThat(events).extracting(e -> e.origin().position()).containsExactly(1L, 4L);
    assertThat(events).extracting(e -> e.origin().positionKind()).containsOnly("line");
    assertThat(rejections).extracting(Rejection::line)
        .containsExactly("runs.jsonl line 5: missing_field: Source is missing");
  }

  @Test
  void namesTheFileWithoutItsFolder() throws Exception {
    Path nested = Files.createDirectories(dir.resolve("a/b")).resolve("logs.json");
    Files.writeString(nested, "[" + GOOD + "]");

    reader.read(nested, collect);

    assertThat(events.get(0).origin().file()).isEqualTo("logs.json");
  }

  @Test
  void derivesTheEventIdFromTheRecordAsRead() throws Exception {
    Path file = file("logs.json", "[" + GOOD + "," + GOOD_2 + "]");

    reader.read(file, collect);

    ObjectMapper json = new ObjectMapper();
    JsonNode array = json.readTree(file.toFile());
    assertThat(events).extracting(IngestionEvent::eventId)
        .containsExactly(EventIds.forLegacyRecord(array.get(0)), EventIds.forLegacyRecord(array.get(1)));
  }

  @Test
  void rejectsArrayElementsThatAreNotObjectsAndGoesOn() throws Exception {
    Path file = file("logs.json", "[42, \"text\", [1, [2]], null, true, " + GOOD + "]");

    reader.read(file, collect);

    assertThat(rejections).extracting(Rejection::line).containsExactly(
        "logs.json index 0: not_an_object: a JSON number, not an object",
        "logs.json index 1: not_an_object: a JSON string, not an object",
        "logs.json index 2: not_an_object: a JSON array, not an object",
        "logs.json index 3: not_an_object: a JSON null, not an object",
        "logs.json index 4: not_an_object: a JSON boolean, not an object");
    assertThat(events).singleElement().satisfies(e -> assertThat(e.origin().position()).isEqualTo(5L));
  }

  @Test
  void rejectsJsonLinesThatAreNotJsonOrNotObjectsAndGoesOn() throws Exception {
    Path file = file("runs.jsonl", String.join("\n",
        "{not json",
        "[1,2]",
        "\"just a string\"",
        GOOD + " " + GOOD,
        "{\"Etat\": \"SUCCESS\",",
        GOOD));

    reader.read(file, collect);

    assertThat(rejections).extracting(r -> r.position().value(), r -> r.reason().code())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, "invalid_json"),
            org.assertj.core.groups.Tuple.tuple(2L, "not_an_object"),
            org.assertj.core.groups.Tuple.tuple(3L, "not_an_object"),
            org.assertj.core.groups.Tuple.tuple(4L, "invalid_json"),
            org.assertj.core.groups.Tuple.tuple(5L, "invalid_json"));
    assertThat(rejections).allSatisfy(r -> assertThat(r.line()).doesNotContain("\n"));
    assertThat(events).singleElement().satisfies(e -> assertThat(e.origin().position()).isEqualTo(6L));
  }

  @Test
  void refusesNanInsideAnArrayAsARecordNotAsTheFile() throws Exception {
    Path file = file("logs.json", "[" + GOOD.replace("2.5", "NaN") + "," + GOOD_2 + "]");

    reader.read(file, collect);

    assertThat(rejections).extracting(Rejection::line)
        .singleElement().asString().startsWith("logs.json index 0: invalid_field: Duree secondes");
    assertThat(events).hasSize(1);
  }

  @Test
  void acceptsAByteOrderMark() throws Exception {
    Path array = file("a.json", "\uFEFF[" + GOOD + "]");
    Path lines = file("b.jsonl", "\uFEFF" + GOOD + "\n" + GOOD_2);

    reader.read(array, collect);
    reader.read(lines, collect);

    assertThat(events).hasSize(3);
    assertThat(rejections).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  \n\n", "[]", " [ ] "})
  void readsAnEmptyFileAsNoRecords(String content) throws Exception {
    assertThat(reader.read(file("logs.json", content), collect)).isEqualTo(new ReadCounts(0, 0, 0));
  }

  @Test
  void failsOnAMissingFile() {
    assertThatThrownBy(() -> reader.read(dir.resolve("nope.json"), collect))
        .isInstanceOf(LegacyFileException.class)
        .hasMessageContaining("nope.json: no such file");
    assertThatThrownBy(() -> LegacyReader.checkFile(dir.resolve("nope.json")))
        .isInstanceOf(LegacyFileException.class)
        .hasMessageContaining("no such file");
  }

  @Test
  void failsOnADirectory() {
    assertThatThrownBy(() -> LegacyReader.checkFile(dir)).isInstanceOf(LegacyFileException.class);
    assertThatThrownBy(() -> reader.read(dir, collect)).isInstanceOf(LegacyFileException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hello world", "Etat;Source;Objet\nSUCCESS;PowerBI;workspaces", "42", "\"text\"", "<xml/>"})
  void failsOnAFileThatIsNotJson(String content) throws Exception {
    Path file = file("logs.csv", content);

    assertThatThrownBy(() -> reader.read(file, collect))
        .isInstanceOf(LegacyFileException.class)
        .hasMessageContaining("logs.csv is neither a JSON array nor JSON Lines");
    assertThatThrownBy(() -> LegacyReader.checkFile(file)).isInstanceOf(LegacyFileException.class);
  }

  @Test
  void stopsAtABrokenArrayAfterHandingOverWhatCameBefore() throws Exception {
    Path file = file("logs.json", "[" + GOOD + ",\n" + GOOD_2 + ",\n{\"Etat\": oops}, " + GOOD + "]");

    assertThatThrownBy(() -> reader.read(file, collect))
        .isInstanceOf(LegacyFileException.class)
        .hasMessageStartingWith("logs.json: invalid JSON at line 3")
        .hasMessageContaining("(index 2)")
        .message().doesNotContain("\n");
    assertThat(events).hasSize(2);
  }

  @Test
  void failsOnAnArrayThatIsNotClosed() throws Exception {
    Path file = file("logs.json", "[" + GOOD + ",");

    assertThatThrownBy(() -> reader.read(file, collect)).isInstanceOf(LegacyFileException.class);
    assertThat(events).hasSize(1);
  }

  @Test
  void streamsAFileOfManyRecords() throws Exception {
    Path file = dir.resolve("big.jsonl");
    try (var writer = Files.newBufferedWriter(file)) {
      for (int i = 0; i < 50_000; i++) {
        writer.write(GOOD.replace("Contact", "Contact" + (i % 10)));
        writer.newLine();
      }
    }
    long[] accepted = {0};

    ReadCounts counts = reader.read(file, new LegacyRecordHandler() {
      @Override
      public void accept(IngestionEvent event) {
        accepted[0]++;
      }

      @Override
      public void reject(Rejection rejection) {}
    });

    assertThat(counts).isEqualTo(new ReadCounts(50_000, 50_000, 0));
    assertThat(accepted[0]).isEqualTo(50_000);
  }
}
