package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ingestlens.testkit.TelemetryDoc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the Grafana, alert-rule and Alertmanager checks share: the names docs/telemetry.md allows,
 * a small PromQL / LogQL reader that finds the metric and label names a query uses, the dashboard
 * JSON, and a process runner with a controlled environment.
 */
final class GrafanaTestFiles {

  static final String DASHBOARD = "grafana/dashboards/ingestion-health.json";
  static final String DATASOURCES = "grafana/provisioning/datasources/datasources.yaml";
  static final String RULES = "prometheus/rules/ingestion-alerts.yml";

  /** Labels every series has: Prometheus adds job and instance, histograms' buckets have le. */
  static final Set<String> SERIES_LABELS = Set.of("job", "instance");

  /**
   * Not in docs/telemetry.md because no service emits them: Alloy's Kafka exporter
   * (prometheus.exporter.kafka in alloy/config.alloy) produces kafka_consumergroup_lag with these
   * labels, and the rule evaluator writes ALERTS with the alert's labels plus these.
   */
  static final Map<String, Set<String>> NON_SERVICE_METRICS =
      Map.of(
          "kafka_consumergroup_lag", Set.of("consumergroup", "topic", "partition"),
          "ALERTS", Set.of("alertname", "alertstate", "severity"));

  /** The label filters of the dashboard: variable name to label. */
  static final Map<String, String> FILTER_VARIABLES =
      Map.of(
          "source", "ingestion_source",
          "object", "ingestion_object",
          "company", "ingestion_company",
          "zone", "ingestion_zone");

  static final Set<String> PROMQL_FUNCTIONS =
      Set.of(
          // aggregation operators
          "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values",
          "bottomk", "topk", "quantile", "limitk", "limit_ratio",
          // functions
          "abs", "absent", "absent_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min",
          "day_of_month", "day_of_week", "day_of_year", "days_in_month", "delta", "deriv", "exp",
          "floor", "histogram_avg", "histogram_count", "histogram_fraction", "histogram_quantile",
          "histogram_stddev", "histogram_stdvar", "histogram_sum", "hour", "idelta", "increase",
          "irate", "label_join", "label_replace", "ln", "log2", "log10", "minute", "month",
          "predict_linear", "rate", "resets", "round", "scalar", "sgn", "sort", "sort_desc", "sqrt",
          "time", "timestamp", "vector", "year", "avg_over_time", "min_over_time", "max_over_time",
          "sum_over_time", "count_over_time", "quantile_over_time", "stddev_over_time",
          "stdvar_over_time", "last_over_time", "present_over_time");

  private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "offset", "bool", "atan2");
  private static final Set<String> AGGREGATIONS =
      Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values",
          "bottomk", "topk", "quantile", "limitk", "limit_ratio");
  private static final Set<String> LOGQL_PARSERS =
      Set.of("json", "logfmt", "regexp", "pattern", "unpack", "line_format", "label_format",
          "decolorize", "drop", "keep");

  private static final ObjectMapper JSON = new ObjectMapper();

  private GrafanaTestFiles() {}

  // ------------------------------------------------------------------ files

  static JsonNode dashboard() {
    try {
      return JSON.readTree(RepoFiles.read(RepoFiles.path(DASHBOARD)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every panel, rows included, and the panels of collapsed rows. */
  static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      all.add(panel);
      panel.path("panels").forEach(all::add);
    }
    return all;
  }

  /** A query of a panel (or annotation): the data source type it names and its expression. */
  record Query(String where, String datasourceType, String expr) {}

  static List<Query> queries(JsonNode dashboard) {
    List<Query> queries = new ArrayList<>();
    for (JsonNode panel : panels(dashboard)) {
      for (JsonNode target : panel.path("targets")) {
        String type = target.path("datasource").path("type").asText(panel.path("datasource").path("type").asText());
        queries.add(new Query("panel '" + panel.path("title").asText() + "'", type, target.path("expr").asText()));
      }
    }
    for (JsonNode annotation : dashboard.path("annotations").path("list")) {
      if (annotation.has("expr")) {
        queries.add(new Query("annotation '" + annotation.path("name").asText() + "'",
            annotation.path("datasource").path("type").asText(), annotation.path("expr").asText()));
      }
    }
    return queries;
  }

  static List<Map<String, Object>> datasources() {
    return RepoYaml.list(RepoYaml.load(RepoFiles.path(DATASOURCES)).get("datasources")).stream()
        .map(RepoYaml::map)
        .toList();
  }

  // ------------------------------------------------------------------ docs/telemetry.md

  /**
   * The names docs/telemetry.md allows: each Prometheus metric name (histograms as their _bucket,
   * _sum and _count series) with the labels its attributes become, and the Loki labels and
   * structured metadata of the log records.
   */
  record Telemetry(Map<String, Set<String>> metricLabels, Set<String> lokiLabels) {

    Set<String> allMetricLabels() {
      Set<String> labels = new TreeSet<>(SERIES_LABELS);
      labels.add("le");
      metricLabels.values().forEach(labels::addAll);
      return labels;
    }
  }

  static Telemetry telemetry() {
    List<String> lines = RepoFiles.lines("docs", "telemetry.md");
    Map<String, Set<String>> metrics = new LinkedHashMap<>();
    Set<String> loki = new TreeSet<>();
    Set<String> shorthand = new TreeSet<>();
    List<TelemetryDoc.Table> tables = TelemetryDoc.read(RepoFiles.path("docs", "telemetry.md")).tables();
    for (TelemetryDoc.Table table : tables) {
      List<String> header = table.header();
      if (header.contains("attribute") && header.contains("cap")) {
        table.rows().stream().map(row -> unquote(row.get(0))).filter(a -> a.startsWith("ingestion."))
            .forEach(a -> shorthand.add(a.substring("ingestion.".length())));
      }
    }
    for (TelemetryDoc.Table table : tables) {
      List<String> header = table.header();
      int name = header.indexOf("Prometheus name");
      int instrument = header.indexOf("instrument");
      int attributes = header.indexOf("attributes");
      int metadata = header.indexOf("Loki structured metadata");
      for (List<String> row : table.rows()) {
        if (name >= 0) {
          Set<String> labels = attributes >= 0 ? labels(row.get(attributes), shorthand) : Set.of();
          String metric = unquote(row.get(name));
          if (instrument >= 0 && row.get(instrument).equalsIgnoreCase("Histogram")) {
            Set<String> withLe = new TreeSet<>(labels);
            withLe.add("le");
            metrics.put(metric + "_bucket", withLe);
            metrics.put(metric + "_sum", labels);
            metrics.put(metric + "_count", labels);
          } else {
            metrics.put(metric, labels);
          }
        }
        if (metadata >= 0) {
          loki.add(unquote(row.get(metadata)));
        }
      }
    }
    // "In Loki (OTLP ingestion) the index labels are `a`, `b` and `c`; `d`, `e`, `f` and the
    // attributes above are structured metadata."
    String text = String.join("\n", lines);
    Matcher sentence = Pattern.compile("In\\s+Loki\\s+\\(OTLP\\s+ingestion\\)(.*?)are\\s+structured\\s+metadata", Pattern.DOTALL).matcher(text);
    assertThat(sentence.find()).as("docs/telemetry.md names the Loki index labels").isTrue();
    Matcher quoted = Pattern.compile("`([a-z_]+)`").matcher(sentence.group(1));
    while (quoted.find()) {
      loki.add(quoted.group(1));
    }
    assertThat(metrics).as("metrics in docs/telemetry.md").isNotEmpty();
    return new Telemetry(metrics, loki);
  }

  /** "source, object" or "`error.type` (on failure)" to Prometheus label names. */
  private static Set<String> labels(String cell, Set<String> shorthand) {
    Set<String> labels = new TreeSet<>();
    for (String part : cell.split(",")) {
      boolean quoted = part.contains("`");
      String attribute = unquote(part.replaceAll("\\(.*?\\)", "").trim());
      if (attribute.isEmpty()) {
        continue;
      }
      if (attribute.contains(".") || quoted) { // a full attribute name, not a shorthand
        labels.add(attribute.replace('.', '_'));
      } else if (shorthand.contains(attribute)) {
        labels.add("ingestion_" + attribute);
      } else {
        fail("docs/telemetry.md: unknown attribute shorthand '%s'", attribute);
      }
    }
    return labels;
  }

  private static String unquote(String cell) {
    return TelemetryDoc.unquote(cell);
  }

  // ------------------------------------------------------------------ PromQL

  /** A vector selector: metric name (empty when the selector has none) and label matchers. */
  record Selector(String metric, List<LabelMatcher> matchers) {}

  record LabelMatcher(String label, String op, String value) {}

  /** The names one PromQL expression uses. */
  record PromNames(List<Selector> selectors, Set<String> groupingLabels, Set<String> functions) {}

  /**
   * Reads the names of a PromQL expression: metric names and their matchers, labels of by/without/
   * on/ignoring/group_* lists, and function names. Strings, ranges ([5m], [$__range], [10m:1m]),
   * numbers, durations and Grafana variables are skipped.
   */
  static PromNames promql(String expr) {
    List<Selector> selectors = new ArrayList<>();
    Set<String> grouping = new TreeSet<>();
    Set<String> functions = new TreeSet<>();
    Scanner s = new Scanner(expr);
    while (!s.done()) {
      char c = s.peek();
      if (Character.isWhitespace(c)) {
        s.next();
      } else if (c == '"' || c == '\'' || c == '`') {
        s.string();
      } else if (c == '[') {
        s.skipPast(']');
      } else if (c == '$') {
        s.variable();
      } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(s.peekAt(1)))) {
        s.number();
      } else if (c == '{') {
        selectors.add(new Selector("", s.matchers()));
      } else if (Character.isLetter(c) || c == '_' || c == ':') {
        String word = s.identifier();
        char after = s.peekNonSpace();
        if (GROUPING.contains(word)) {
          if (after == '(') {
            grouping.addAll(s.nameList());
          }
        } else if (AGGREGATIONS.contains(word) || after == '(') {
          functions.add(word);
        } else if (!KEYWORDS.contains(word)) {
          List<LabelMatcher> matchers = after == '{' ? s.skipSpaceThen().matchers() : List.of();
          selectors.add(new Selector(word, matchers));
        }
      } else {
        s.next();
      }
    }
    return new PromNames(selectors, grouping, functions);
  }

  /**
   * Problems of one PromQL expression against the contract: unknown metrics, labels a metric does
   * not have, unknown grouping labels or functions. {@code extraMetrics} are allowed besides the
   * contract's (recording rules), with any contract label.
   */
  static List<String> promqlProblems(String where, String expr, Telemetry telemetry, Set<String> extraMetrics) {
    List<String> problems = new ArrayList<>();
    PromNames names = promql(expr);
    Set<String> allLabels = new TreeSet<>(telemetry.allMetricLabels());
    NON_SERVICE_METRICS.values().forEach(allLabels::addAll);
    for (Selector selector : names.selectors()) {
      Set<String> allowed;
      if (telemetry.metricLabels().containsKey(selector.metric())) {
        allowed = new TreeSet<>(telemetry.metricLabels().get(selector.metric()));
        allowed.addAll(SERIES_LABELS);
      } else if (NON_SERVICE_METRICS.containsKey(selector.metric())) {
        allowed = new TreeSet<>(NON_SERVICE_METRICS.get(selector.metric()));
        allowed.addAll(SERIES_LABELS);
        if (selector.metric().equals("ALERTS")) {
          allowed.addAll(telemetry.allMetricLabels());
        }
      } else if (extraMetrics.contains(selector.metric())) {
        allowed = allLabels;
      } else {
        problems.add(where + ": metric '" + selector.metric() + "' is not in docs/telemetry.md");
        continue;
      }
      for (LabelMatcher matcher : selector.matchers()) {
        if (!allowed.contains(matcher.label())) {
          problems.add(where + ": " + selector.metric() + " has no label '" + matcher.label() + "'");
        }
      }
    }
    for (String label : names.groupingLabels()) {
      if (!allLabels.contains(label)) {
        problems.add(where + ": grouping label '" + label + "' is not in docs/telemetry.md");
      }
    }
    for (String function : names.functions()) {
      if (!PROMQL_FUNCTIONS.contains(function)) {
        problems.add(where + ": unknown PromQL function '" + function + "'");
      }
    }
    return problems;
  }

  // ------------------------------------------------------------------ LogQL

  /** Stream selector matchers and label filters / unwrap labels of a LogQL query. */
  record LogNames(List<LabelMatcher> stream, List<LabelMatcher> filters, Set<String> parsers) {

    Set<String> labels() {
      Set<String> labels = new TreeSet<>();
      stream.forEach(m -> labels.add(m.label()));
      filters.forEach(m -> labels.add(m.label()));
      return labels;
    }
  }

  static LogNames logql(String expr) {
    List<LabelMatcher> stream = new ArrayList<>();
    List<LabelMatcher> filters = new ArrayList<>();
    Set<String> parsers = new TreeSet<>();
    Scanner s = new Scanner(expr);
    while (!s.done()) {
      char c = s.peek();
      if (c == '"' || c == '`') {
        s.string();
      } else if (c == '[') {
        s.skipPast(']');
      } else if (c == '$') {
        s.variable();
      } else if (c == '{') {
        stream.addAll(s.matchers());
      } else if (c == '|' && (s.peekAt(1) == '=' || s.peekAt(1) == '~')) {
        s.next(); // a line filter: its string follows
      } else if (c == '|') {
        s.next();
        s.skipSpaceThen();
        if (!Character.isLetter(s.peek()) && s.peek() != '_') {
          continue;
        }
        String word = s.identifier();
        if (word.equals("unwrap")) {
          s.skipSpaceThen();
          filters.add(new LabelMatcher(s.identifier(), "unwrap", ""));
        } else if (LOGQL_PARSERS.contains(word)) {
          parsers.add(word);
        } else {
          s.skipSpaceThen();
          String op = s.operator();
          s.skipSpaceThen();
          String value = s.peek() == '"' || s.peek() == '`' ? s.string() : "";
          filters.add(new LabelMatcher(word, op, value));
        }
      } else {
        s.next();
      }
    }
    return new LogNames(stream, filters, parsers);
  }

  /** Labels of a LogQL query that are neither Loki index labels nor structured metadata. */
  static List<String> logqlProblems(String where, String expr, Telemetry telemetry) {
    List<String> problems = new ArrayList<>();
    LogNames names = logql(expr);
    for (String label : names.labels()) {
      if (!telemetry.lokiLabels().contains(label) && !label.equals("__error__")) {
        problems.add(where + ": Loki label '" + label + "' is not in docs/telemetry.md");
      }
    }
    if (!names.parsers().isEmpty()) {
      problems.add(where + ": parses log lines (" + names.parsers() + "); the attributes are structured metadata already");
    }
    return problems;
  }

  /** A tiny scanner shared by the PromQL and LogQL readers. */
  private static final class Scanner {
    private final String text;
    private int pos;

    Scanner(String text) {
      this.text = text;
    }

    boolean done() {
      return pos >= text.length();
    }

    char peek() {
      return peekAt(0);
    }

    char peekAt(int offset) {
      return pos + offset < text.length() ? text.charAt(pos + offset) : '\0';
    }

    char next() {
      return text.charAt(pos++);
    }

    Scanner skipSpaceThen() {
      while (!done() && Character.isWhitespace(peek())) {
        pos++;
      }
      return this;
    }

    char peekNonSpace() {
      int i = pos;
      while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      return i < text.length() ? text.charAt(i) : '\0';
    }

    void skipPast(char close) {
      int end = text.indexOf(close, pos);
      pos = end < 0 ? text.length() : end + 1;
    }

    String identifier() {
      int start = pos;
      while (!done() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == ':')) {
        pos++;
      }
      return text.substring(start, pos);
    }

    void number() {
      while (!done() && (Character.isLetterOrDigit(peek()) || peek() == '.' || peek() == '_')) {
        pos++;
      }
    }

    /** $name, ${name} or ${name:format}. */
    void variable() {
      pos++;
      if (peek() == '{') {
        skipPast('}');
      } else {
        identifier();
      }
    }

    /** A quoted string; returns its content (escapes kept as written). */
    String string() {
      char quote = next();
      StringBuilder value = new StringBuilder();
      while (!done() && peek() != quote) {
        char c = next();
        if (c == '\\' && quote != '`' && !done()) {
          value.append(c);
          c = next();
        }
        value.append(c);
      }
      if (!done()) {
        pos++;
      }
      return value.toString();
    }

    String operator() {
      int start = pos;
      while (!done() && "=!~<>".indexOf(peek()) >= 0) {
        pos++;
      }
      return text.substring(start, pos);
    }

    /** {label op "value", ...}; the scanner stands on '{'. */
    List<LabelMatcher> matchers() {
      List<LabelMatcher> matchers = new ArrayList<>();
      pos++;
      while (!done()) {
        skipSpaceThen();
        char c = peek();
        if (c == '}') {
          pos++;
          break;
        }
        if (c == ',') {
          pos++;
          continue;
        }
        if (c == '$') {
          variable(); // Tempo's $__tags in a trace-to-metrics query
          continue;
        }
        String label = identifier();
        if (label.isEmpty()) {
          fail("cannot read label matchers at %d of: %s", pos, text);
        }
        skipSpaceThen();
        String op = operator();
        skipSpaceThen();
        String value = string();
        matchers.add(new LabelMatcher(label, op, value));
      }
      return matchers;
    }

    /** ( name, name ) */
    List<String> nameList() {
      skipSpaceThen();
      pos++;
      List<String> names = new ArrayList<>();
      while (!done()) {
        skipSpaceThen();
        char c = peek();
        if (c == ')') {
          pos++;
          break;
        }
        if (c == ',') {
          pos++;
          continue;
        }
        names.add(identifier());
      }
      return names;
    }
  }

  // ------------------------------------------------------------------ processes

  /** Exit code and combined output of a command run with exactly {@code env} (plus PATH). */
  static RepoTool.Result run(Path workDir, Map<String, String> env, String... command) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    String path = System.getenv("PATH");
    builder.environment().clear();
    if (path != null) {
      builder.environment().put("PATH", path);
    }
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(1, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not finish");
      }
      return new RepoTool.Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every string value anywhere under a JSON node, with the field name it sits under. */
  static Stream<Map.Entry<String, JsonNode>> fields(JsonNode node) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    collect(node, out);
    return out.stream();
  }

  private static void collect(JsonNode node, List<Map.Entry<String, JsonNode>> out) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        out.add(Map.entry(e.getKey(), e.getValue()));
        collect(e.getValue(), out);
      });
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, out));
    }
  }

  /** Values of every key named {@code key} anywhere under a YAML tree. */
  static List<Object> yamlValues(Object node, String key) {
    List<Object> values = new ArrayList<>();
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> {
        if (key.equals(k)) {
          values.add(v);
        }
        values.addAll(yamlValues(v, key));
      });
    } else if (node instanceof List<?> list) {
      list.forEach(item -> values.addAll(yamlValues(item, key)));
    }
    return values;
  }

  static Set<String> setOf(Iterable<String> items) {
    Set<String> set = new LinkedHashSet<>();
    items.forEach(set::add);
    return set;
  }
}
