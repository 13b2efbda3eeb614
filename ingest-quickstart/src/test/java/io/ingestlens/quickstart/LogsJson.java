package io.ingestlens.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The repository's logs.json as plain Jackson trees: what the tests expect, read independently. */
final class LegacyFile {

  static final Path LOGS_JSON = Path.of(System.getProperty("repo.root", "..")).resolve("logs.json");

  private LegacyFile() {}

  static List<JsonNode> records() throws IOException {
    List<JsonNode> records = new ArrayList<>();
    new ObjectMapper().readTree(LOGS_JSON.toFile()).forEach(records::add);
    return records;
  }

  static long countWithStatus(List<JsonNode> records, String status) {
    return records.stream()
        .filter(r -> r.get("Etat").asText().toUpperCase(Locale.ROOT).equals(status))
        .count();
  }
}
