package io.ingestlens.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code .env.example}: its variables in order, with the comment block that documents each. */
public final class RepoEnvExample {

  private static final Pattern ASSIGNMENT =
      Pattern.compile("^\\s*(?:#\\s*)?([A-Z][A-Z0-9_]*)=(.*)$");

  /**
   * One variable. {@code commented} is true for a commented-out example ({@code # X=...});
   * {@code comment} is the comment block above its group of assignments, empty when there is none.
   */
  public record Entry(String name, String value, boolean commented, int line, String comment) {}

  private final List<Entry> entries;

  private RepoEnvExample(List<Entry> entries) {
    this.entries = entries;
  }

  public static RepoEnvExample load() {
    return parse(RepoFiles.lines(".env.example"));
  }

  static RepoEnvExample parse(List<String> lines) {
    List<Entry> entries = new ArrayList<>();
    List<String> comment = new ArrayList<>();
    boolean inGroup = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher m = ASSIGNMENT.matcher(line);
      if (m.matches()) {
        entries.add(
            new Entry(
                m.group(1),
                unquote(m.group(2).trim()),
                line.trim().startsWith("#"),
                i + 1,
                String.join("\n", comment)));
        inGroup = true;
      } else if (line.trim().startsWith("#")) {
        if (inGroup) {
          comment.clear();
          inGroup = false;
        }
        comment.add(line.trim().replaceFirst("^#\\s?", ""));
      } else {
        // A blank line ends a group and the comment above it.
        comment.clear();
        inGroup = false;
      }
    }
    return new RepoEnvExample(entries);
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  public List<Entry> entries() {
    return entries;
  }

  /** Active (not commented-out) variables and their values; the last assignment wins. */
  public Map<String, String> values() {
    Map<String, String> values = new LinkedHashMap<>();
    entries.stream().filter(e -> !e.commented()).forEach(e -> values.put(e.name(), e.value()));
    return values;
  }

  public boolean documents(String name) {
    return entries.stream().anyMatch(e -> e.name().equals(name));
  }
}
