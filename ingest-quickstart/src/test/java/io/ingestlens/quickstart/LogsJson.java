package io.ingestlens.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The repository's sample logs.json as plain Jackson trees: what the tests expect, read independently
 * of the producer's own legacy-format reader.
 */
final class LogsJson {

  static final Path PATH = Path.of(System.getProperty("repo.root", "..")).resolve("logs.json");

  private LogsJson() {}

  static List<JsonNode> records() throws IOException {
    List<JsonNode> records = new ArrayList<>();
    new ObjectMapper().readTree(PATH.toFile()).forEach(records::add);
    return records;
  }

  static long countWithStatus(List<JsonNode> records, String status) {
    return records.stream()
        .filter(r -> r.get("Etat").asText().toUpperCase(Locale.ROOT).equals(status))
        .count();
  }
}
