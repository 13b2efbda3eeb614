package io.ingestlens.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * docs/telemetry.md read as data: its Markdown tables, each with the "## " heading it sits under.
 * The one reader of the document for every module whose tests hold something to it.
 */
public final class TelemetryDoc {

  /**
   * One table: header cells (backticks removed) and its rows as written (cells trimmed, backticks
   * kept: some readers tell a quoted name from a shorthand by them).
   */
  public record Table(String section, List<String> header, List<List<String>> rows) {

    /** The rows keyed by the header's column names, backticks removed. */
    public List<Map<String, String>> rowsByColumn() {
      List<Map<String, String>> keyed = new ArrayList<>();
      for (List<String> cells : rows) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.size() && i < cells.size(); i++) {
          row.put(header.get(i), unquote(cells.get(i)));
        }
        keyed.add(row);
      }
      return keyed;
    }
  }

  private final List<Table> tables;

  private TelemetryDoc(List<Table> tables) {
    this.tables = List.copyOf(tables);
  }

  /** Reads the document at {@code file} (the repository's docs/telemetry.md). */
  public static TelemetryDoc read(Path file) {
    try {
      return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static TelemetryDoc parse(List<String> lines) {
    List<Table> tables = new ArrayList<>();
    String section = "";
    List<String> header = null;
    List<List<String>> rows = null;
    for (String line : lines) {
      String trimmed = line.trim();
      if (trimmed.startsWith("## ")) {
        section = trimmed.substring(3).trim();
      }
      if (!trimmed.startsWith("|")) {
        if (header != null) {
          tables.add(new Table(section, header, rows));
        }
        header = null;
        rows = null;
        continue;
      }
      List<String> cells = cells(trimmed);
      if (header == null) {
        header = cells.stream().map(TelemetryDoc::unquote).toList();
        rows = new ArrayList<>();
      } else if (!cells.stream().allMatch(c -> c.matches(":?-+:?"))) {
        rows.add(cells);
      }
    }
    if (header != null) {
      tables.add(new Table(section, header, rows));
    }
    return new TelemetryDoc(tables);
  }

  /** Every table, in document order. */
  public List<Table> tables() {
    return tables;
  }

  /**
   * Rows (keyed by column, backticks removed) of every table whose section starts with
   * {@code sectionPrefix} and whose header has {@code column}.
   */
  public List<Map<String, String>> rows(String sectionPrefix, String column) {
    List<Map<String, String>> rows = new ArrayList<>();
    for (Table table : tables) {
      if (table.section().startsWith(sectionPrefix) && table.header().contains(column)) {
        rows.addAll(table.rowsByColumn());
      }
    }
    return rows;
  }

  /** A list cell, "`a`, `b` (on failure)", as the names {a, b}. */
  public static Set<String> names(String cell) {
    Set<String> names = new LinkedHashSet<>();
    for (String part : unquote(cell).replaceAll("\\(.*?\\)", "").split(",")) {
      String name = part.trim();
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }

  /** A cell without its backticks. */
  public static String unquote(String cell) {
    return cell.replace("`", "").trim();
  }

  private static List<String> cells(String line) {
    String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
    List<String> cells = new ArrayList<>();
    for (String cell : inner.split("\\|", -1)) {
      cells.add(cell.trim());
    }
    return cells;
  }
}
