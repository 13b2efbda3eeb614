package io.ingestlens.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * docs/telemetry.md read as data: its markdown tables, each under the "## " heading it sits in,
 * rows keyed by the header's column names, backticks removed.
 */
final class TelemetryDoc {

  static final Path PATH = Path.of(System.getProperty("repo.root", "..")).resolve("docs/telemetry.md");

  record Table(String section, List<Map<String, String>> rows) {}

  private final List<Table> tables;

  private TelemetryDoc(List<Table> tables) {
    this.tables = tables;
  }

  static TelemetryDoc read() throws IOException {
    List<Table> tables = new ArrayList<>();
    String section = "";
    List<String> header = null;
    List<Map<String, String>> rows = null;
    for (String line : Files.readAllLines(PATH)) {
      String trimmed = line.trim();
      if (trimmed.startsWith("## ")) {
        section = trimmed.substring(3);
      }
      if (!trimmed.startsWith("|")) {
        if (rows != null) {
          tables.add(new Table(section, rows));
        }
        header = null;
        rows = null;
        continue;
      }
      List<String> cells = cells(trimmed);
      if (header == null) {
        header = cells;
        rows = new ArrayList<>();
      } else if (!cells.stream().allMatch(c -> c.matches(":?-+:?"))) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.size() && i < cells.size(); i++) {
          row.put(header.get(i), cells.get(i));
        }
        rows.add(row);
      }
    }
    if (rows != null) {
      tables.add(new Table(section, rows));
    }
    return new TelemetryDoc(tables);
  }

  /** Rows of every table whose section starts with {@code sectionPrefix} and that has {@code column}. */
  List<Map<String, String>> rows(String sectionPrefix, String column) {
    List<Map<String, String>> rows = new ArrayList<>();
    for (Table table : tables) {
      if (table.section().startsWith(sectionPrefix) && !table.rows().isEmpty() && table.rows().get(0).containsKey(column)) {
        rows.addAll(table.rows());
      }
    }
    return rows;
  }

  /** "`a`, `b` (on failure)" to {a, b}. */
  static Set<String> names(String cell) {
    Set<String> names = new LinkedHashSet<>();
    for (String part : cell.replaceAll("\\(.*?\\)", "").split(",")) {
      String name = part.trim();
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }

  private static List<String> cells(String line) {
    String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
    List<String> cells = new ArrayList<>();
    for (String cell : inner.split("\\|", -1)) {
      cells.add(cell.replace("`", "").trim());
    }
    return cells;
  }
}
