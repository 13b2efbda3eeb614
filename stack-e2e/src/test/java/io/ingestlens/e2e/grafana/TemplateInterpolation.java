package io.ingestlens.e2e.grafana;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Grafana's replacement of {@code $var}, {@code ${var}}, {@code ${var.path}} and {@code [[var]]}
 * in a query or a link, the way Grafana 12.4 does it:
 * <ul>
 *   <li>the variable syntax is {@code TemplateSrv}'s ({@code public/app/features/templating/
 *       template_srv.ts}, the same regular expression below); a name that is neither a dashboard
 *       variable nor a scoped variable is left as it is, for the backend ({@code $__interval}...);
 *   <li>"All" with a custom {@code allValue} is that value, unescaped;
 *   <li>picked values go through the data source's {@code interpolateQueryExpr}: Prometheus
 *       ({@code @grafana/prometheus} 12.4.0, {@code escaping.ts}) escapes regex characters and joins
 *       several values as {@code (a|b)}; Loki ({@code public/app/plugins/datasource/loki/
 *       datasource.ts}) escapes the same way and joins them as {@code a|b};
 *   <li>then the backend's built-ins ({@link QueryInterval#builtIns()}).
 * </ul>
 */
public final class TemplateInterpolation {

  /** How a data source formats multi-value variables. */
  public enum Dialect {
    PROMETHEUS,
    LOKI,
    /** Links and non-query text: values as they are, several joined by commas. */
    TEXT
  }

  private static final Pattern VARIABLE =
      Pattern.compile("\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?\\]\\]|\\$\\{(\\w+)(?:\\.([^:^}]+))?(?::([^}]+))?\\}");

  private TemplateInterpolation() {}

  /**
   * @param text the query or link
   * @param variables the dashboard's variables by name
   * @param scoped scoped variables by full name ({@code __value.raw}, {@code __trace.traceId},
   *     {@code __from}): replaced as they are
   * @param builtIns the backend's built-ins by name without {@code $}, longest names first
   */
  public static String interpolate(
      String text,
      Map<String, Selection> variables,
      Map<String, String> scoped,
      Map<String, String> builtIns,
      Dialect dialect) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = first(m.group(1), m.group(2), m.group(4));
      String path = m.group(5);
      String format = first(m.group(3), m.group(6));
      String full = path == null ? name : name + "." + path;
      String replacement;
      if (scoped.containsKey(full)) {
        replacement = scoped.get(full);
      } else if (variables.containsKey(name) && path == null) {
        if (format != null) {
          throw new IllegalArgumentException("format :" + format + " of " + m.group() + " is not modelled");
        }
        replacement = format(variables.get(name), dialect);
      } else {
        replacement = m.group(); // not ours: the backend's built-ins, or an undefined variable
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    String result = out.toString();
    for (Map.Entry<String, String> builtIn : builtIns.entrySet()) {
      result = result.replace("${" + builtIn.getKey() + "}", builtIn.getValue())
          .replace("$" + builtIn.getKey(), builtIn.getValue());
    }
    return result;
  }

  /** The variables a text still refers to after interpolation (Grafana hides such a link). */
  public static List<String> unresolved(String text) {
    Matcher m = VARIABLE.matcher(text);
    List<String> names = new java.util.ArrayList<>();
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }

  static String format(Selection s, Dialect dialect) {
    if (s.all() && s.allValue() != null) {
      return s.allValue();
    }
    List<String> values = s.values();
    if (!s.multi() && !s.includeAll()) {
      return values.isEmpty() ? "" : regularEscape(values.get(0), dialect);
    }
    if (dialect == Dialect.TEXT) {
      return String.join(",", values);
    }
    List<String> escaped = values.stream().map(TemplateInterpolation::regexEscape).collect(Collectors.toList());
    if (escaped.size() == 1) {
      return escaped.get(0);
    }
    String joined = String.join("|", escaped);
    return dialect == Dialect.PROMETHEUS ? "(" + joined + ")" : joined;
  }

  /** {@code prometheusSpecialRegexEscape} (classic behaviour), also Loki's. */
  static String regexEscape(String value) {
    return value.replace("\\", "\\\\\\\\").replaceAll("[$^*{}\\[\\]+?.()|]", "\\\\\\\\$0");
  }

  /** {@code prometheusRegularEscape} / {@code lokiRegularEscape}. */
  static String regularEscape(String value, Dialect dialect) {
    if (dialect == Dialect.TEXT) {
      return value;
    }
    String backslashesEscaped = dialect == Dialect.PROMETHEUS ? value.replace("\\", "\\\\") : value;
    return backslashesEscaped.replace("'", "\\\\'");
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
