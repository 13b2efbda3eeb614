package io.ingestlens.stack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A light reader of Alloy configuration syntax, enough to check wiring without Alloy itself:
 * top-level components, nested block attributes, component references and {@code sys.env} names.
 * Comments are ignored and string contents never mistaken for code.
 */
public final class RepoAlloy {

  private static final Pattern COMPONENT =
      Pattern.compile("(?m)^[ \\t]*([a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)+)\\s+\"([^\"]*)\"\\s*\\{");
  // Four or more dotted segments (type of two or more, label, exported field), not a call.
  private static final Pattern REFERENCE =
      Pattern.compile(
          "(?<![\\w.])([a-z][a-z0-9_]*(?:\\.[a-z_][a-z0-9_]*){3,})(?![\\w.])(?!\\s*[(\"])");
  private static final Pattern SYS_ENV = Pattern.compile("sys\\.env\\(\\s*\"([^\"]*)\"\\s*\\)");

  /** A top-level component; {@code bodyStart}/{@code bodyEnd} delimit the text between braces. */
  public record Component(String type, String label, int line, int bodyStart, int bodyEnd) {
    public String key() {
      return type + "." + label;
    }
  }

  /** {@code otelcol.exporter.otlphttp.metrics.input}: component key and exported field. */
  public record Reference(String text, String componentKey, String field, int line) {}

  private final String source;
  private final String code; // comments blanked
  private final String blanked; // comments and string contents blanked

  private RepoAlloy(String source) {
    this.source = source;
    String[] views = blank(source);
    this.code = views[0];
    this.blanked = views[1];
  }

  public static RepoAlloy load() {
    return parse(RepoFiles.read("alloy", "config.alloy"));
  }

  public static RepoAlloy parse(String source) {
    return new RepoAlloy(source);
  }

  public List<Component> components() {
    List<Component> components = new ArrayList<>();
    Matcher m = COMPONENT.matcher(code);
    while (m.find()) {
      int open = m.end() - 1;
      if (depthAt(m.start()) == 0) {
        components.add(
            new Component(m.group(1), m.group(2), lineOf(m.start(1)), open + 1, closing(open)));
      }
    }
    return components;
  }

  public Optional<Component> component(String key) {
    return components().stream().filter(c -> c.key().equals(key)).findFirst();
  }

  public List<Component> componentsOfType(String type) {
    return components().stream().filter(c -> c.type().equals(type)).toList();
  }

  public List<Reference> references() {
    List<Reference> refs = new ArrayList<>();
    Matcher m = REFERENCE.matcher(blanked);
    while (m.find()) {
      String text = m.group(1);
      int lastDot = text.lastIndexOf('.');
      refs.add(
          new Reference(text, text.substring(0, lastDot), text.substring(lastDot + 1),
              lineOf(m.start(1))));
    }
    return refs;
  }

  /** References made inside one component's body. */
  public List<Reference> referencesFrom(Component component) {
    int first = lineOf(component.bodyStart());
    int last = lineOf(component.bodyEnd());
    return references().stream().filter(r -> r.line() >= first && r.line() <= last).toList();
  }

  public Set<String> environmentVariables() {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = SYS_ENV.matcher(code);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** Code with comments removed but strings kept (for reading argument values). */
  public String code() {
    return code;
  }

  /** Code with comments and the insides of string literals blanked (for scanning identifiers). */
  public String blanked() {
    return blanked;
  }

  /**
   * The expression assigned to {@code attribute} inside nested blocks of a component, e.g.
   * {@code attribute(receiver, "http", "endpoint")}; the last name is the attribute.
   */
  public Optional<String> attribute(Component component, String... path) {
    Optional<int[]> body = blockBody(component, Arrays.copyOf(path, path.length - 1));
    if (body.isEmpty()) {
      return Optional.empty();
    }
    int start = body.get()[0];
    int end = body.get()[1];
    Matcher attr =
        Pattern.compile("(?m)^[ \\t]*" + Pattern.quote(path[path.length - 1]) + "\\s*=\\s*")
            .matcher(blanked)
            .region(start, end);
    while (attr.find()) {
      if (depthAt(attr.start()) == depthAt(start)) {
        return Optional.of(expressionAt(attr.end()));
      }
    }
    return Optional.empty();
  }

  /** Whether a component has the nested block at {@code path}, e.g. {@code "sending_queue", "batch"}. */
  public boolean hasBlock(Component component, String... path) {
    return blockBody(component, path).isPresent();
  }

  // [start, end) of the body of the block at path inside a component (the component's own body
  // for an empty path).
  private Optional<int[]> blockBody(Component component, String... path) {
    int start = component.bodyStart();
    int end = component.bodyEnd();
    for (String name : path) {
      Matcher block =
          Pattern.compile("(?<![\\w.])" + Pattern.quote(name) + "\\s*\\{")
              .matcher(blanked)
              .region(start, end);
      boolean found = false;
      while (block.find()) {
        if (depthAt(block.start()) == depthAt(start)) {
          start = block.end();
          end = closing(block.end() - 1);
          found = true;
          break;
        }
      }
      if (!found) {
        return Optional.empty();
      }
    }
    return Optional.of(new int[] {start, end});
  }

  /** The string literal an expression consists of, or its first string argument otherwise. */
  public static Optional<String> firstString(String expression) {
    Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(expression);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The default of {@code coalesce(sys.env("X"), "default")}, if the expression has that form. */
  public static Optional<String> envDefault(String expression, String variable) {
    Matcher m =
        Pattern.compile(
                "coalesce\\(\\s*sys\\.env\\(\\s*\""
                    + Pattern.quote(variable)
                    + "\"\\s*\\)\\s*,\\s*\"([^\"]*)\"\\s*\\)")
            .matcher(expression);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Splits a list expression {@code [a.input, b.input]} into its items. */
  public static List<String> listItems(String expression) {
    String inner = expression.trim();
    if (inner.startsWith("[") && inner.endsWith("]")) {
      inner = inner.substring(1, inner.length() - 1);
    }
    return List.of(inner.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** Whether the last non-blank line above the component is a comment. */
  public boolean hasCommentAbove(Component component) {
    String[] lines = source.split("\n", -1);
    for (int i = component.line() - 2; i >= 0; i--) {
      String line = lines[i].trim();
      if (!line.isEmpty()) {
        return line.startsWith("//") || line.endsWith("*/");
      }
    }
    return false;
  }

  // An expression runs to the end of its line, or on while brackets or parentheses are open.
  private String expressionAt(int from) {
    int depth = 0;
    int i = from;
    while (i < blanked.length()) {
      char c = blanked.charAt(i);
      if (c == '[' || c == '(' || c == '{') {
        depth++;
      } else if (c == ']' || c == ')' || c == '}') {
        if (depth == 0) {
          break;
        }
        depth--;
      } else if (c == '\n' && depth == 0) {
        break;
      }
      i++;
    }
    return code.substring(from, i).trim();
  }

  private int depthAt(int position) {
    int depth = 0;
    for (int i = 0; i < position; i++) {
      char c = blanked.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      }
    }
    return depth;
  }

  private int closing(int open) {
    int depth = 0;
    for (int i = open; i < blanked.length(); i++) {
      char c = blanked.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unbalanced braces after line " + lineOf(open));
  }

  private int lineOf(int position) {
    int line = 1;
    for (int i = 0; i < position && i < source.length(); i++) {
      if (source.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** [comments blanked, comments and string contents blanked]; positions are kept. */
  private static String[] blank(String s) {
    StringBuilder code = new StringBuilder(s);
    StringBuilder blanked = new StringBuilder(s);
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
        while (i < s.length() && s.charAt(i) != '\n') {
          code.setCharAt(i, ' ');
          blanked.setCharAt(i, ' ');
          i++;
        }
      } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
        int end = s.indexOf("*/", i + 2);
        end = end < 0 ? s.length() : end + 2;
        for (; i < end; i++) {
          if (s.charAt(i) != '\n') {
            code.setCharAt(i, ' ');
            blanked.setCharAt(i, ' ');
          }
        }
      } else if (c == '"' || c == '`') {
        char quote = c;
        i++;
        while (i < s.length() && s.charAt(i) != quote) {
          if (quote == '"' && s.charAt(i) == '\\' && i + 1 < s.length()) {
            blanked.setCharAt(i, ' ');
            i++;
          }
          if (s.charAt(i) != '\n') {
            blanked.setCharAt(i, ' ');
          }
          i++;
        }
        i++;
      } else {
        i++;
      }
    }
    return new String[] {code.toString(), blanked.toString()};
  }
}
