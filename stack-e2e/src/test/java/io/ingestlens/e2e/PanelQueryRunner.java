package io.ingestlens.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.ingestlens.e2e.backend.JsonHttp;
import io.ingestlens.e2e.backend.Loki;
import io.ingestlens.e2e.backend.Prometheus;
import io.ingestlens.e2e.grafana.Dashboard.PanelQuery;
import io.ingestlens.e2e.grafana.Datasources;
import io.ingestlens.e2e.grafana.QueryInterval;
import io.ingestlens.e2e.grafana.Selection;
import io.ingestlens.e2e.grafana.TemplateInterpolation;
import io.ingestlens.e2e.grafana.TemplateInterpolation.Dialect;
import io.ingestlens.e2e.grafana.TimeRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a dashboard query against the real backends the way Grafana would for a given time range
 * and variable values: data source picked through its variable, variables and built-ins replaced,
 * step and range computed, the same API called.
 */
final class PanelQueryRunner {

  /** A series of a Prometheus answer: its labels and its values (one for an instant query). */
  record Series(Map<String, String> labels, List<Double> values) {
    double last() {
      return values.get(values.size() - 1);
    }
  }

  /**
   * What one query returned.
   *
   * @param where the panel and query ({@code panel "Failed runs", query A})
   * @param expr the query as sent
   * @param request the request, for failure messages
   * @param series the series of a metric query (Prometheus, or a Loki metric query)
   * @param lines the lines of a Loki log query
   * @param raw the answer, for failure messages
   */
  record Result(String where, String expr, String request, List<Series> series, List<Loki.LogLine> lines, String raw) {
    boolean isEmpty() {
      return series.isEmpty() && lines.isEmpty();
    }

    String describe() {
      return where + "\n    query:   " + expr + "\n    request: " + request + "\n    answer:  " + raw;
    }
  }

  private final Prometheus prometheus;
  private final Loki loki;
  private final Datasources datasources;
  private final Map<String, Selection> datasourceVariables;

  /**
   * @param datasourceVariables the dashboard's data source variables, each set to the provisioned
   *     data source of its type
   */
  PanelQueryRunner(Prometheus prometheus, Loki loki, Datasources datasources, Map<String, Selection> datasourceVariables) {
    this.prometheus = prometheus;
    this.loki = loki;
    this.datasources = datasources;
    this.datasourceVariables = datasourceVariables;
  }

  Result run(PanelQuery q, Map<String, Selection> variables, TimeRange range) {
    Map<String, Selection> all = new LinkedHashMap<>(datasourceVariables);
    all.putAll(variables);
    String uid = TemplateInterpolation.interpolate(q.datasourceRef(), all, Map.of(), Map.of(), Dialect.TEXT);
    String type = datasources.typeOf(uid);
    if (!type.equals(q.datasourceType())) {
      throw new AssertionError(q.where() + ": its data source variable picks " + uid + " (" + type + "), not a " + q.datasourceType());
    }
    QueryInterval interval =
        q.fixedStep() != null
            ? new QueryInterval(range, q.fixedStep(), q.fixedStep(), q.fixedStep())
            : QueryInterval.of(range, q.maxDataPoints(), "prometheus".equals(type) ? datasources.timeInterval(uid) : null);
    Dialect dialect = "prometheus".equals(type) ? Dialect.PROMETHEUS : Dialect.LOKI;
    String expr = TemplateInterpolation.interpolate(q.expr(), all, Map.of(), interval.builtIns(), dialect);
    List<String> left = TemplateInterpolation.unresolved(expr);
    if (!left.isEmpty()) {
      throw new AssertionError(q.where() + ": variables Grafana would not replace: " + left + " in " + expr);
    }
    try {
      return switch (type) {
        case "prometheus" -> prometheus(q, expr, interval);
        case "loki" -> loki(q, expr, interval, uid);
        default -> throw new AssertionError(q.where() + ": data source type " + type + " is not modelled");
      };
    } catch (JsonHttp.BackendException e) {
      return new Result(q.where(), expr, "", List.of(), List.of(), "ERROR " + e.getMessage());
    }
  }

  private Result prometheus(PanelQuery q, String expr, QueryInterval interval) {
    JsonNode data;
    String request;
    if (q.instant()) {
      data = prometheus.instant(expr, interval.range().to());
      request = "instant query at " + interval.range().to();
    } else {
      data = prometheus.range(expr, interval.alignedStart(), interval.alignedEnd(), interval.step());
      request = "range query " + interval.alignedStart() + " to " + interval.alignedEnd() + ", step " + interval.step();
    }
    return new Result(q.where(), expr, request, series(data), List.of(), JsonHttp.abbreviateJson(data));
  }

  private Result loki(PanelQuery q, String expr, QueryInterval interval, String uid) {
    TimeRange range = interval.range();
    if (q.instant()) {
      JsonNode data = loki.instant(expr, range.to());
      return new Result(q.where(), expr, "instant query at " + range.to(), series(data), List.of(), JsonHttp.abbreviateJson(data));
    }
    int limit = q.maxLines() != null ? q.maxLines() : datasources.maxLines(uid);
    List<Loki.LogLine> lines = loki.logs(expr, range.from(), range.to(), limit);
    return new Result(
        q.where(), expr, "log query " + range + ", limit " + limit, List.of(), lines,
        lines.size() + " lines" + (lines.isEmpty() ? "" : ", newest: " + lines.get(0)));
  }

  /** The series of a Prometheus-style answer (vector, matrix or scalar). */
  static List<Series> series(JsonNode data) {
    List<Series> out = new ArrayList<>();
    String type = data.path("resultType").asText();
    if ("scalar".equals(type)) {
      out.add(new Series(Map.of(), List.of(number(data.path("result").path(1)))));
      return out;
    }
    for (JsonNode item : data.path("result")) {
      Map<String, String> labels = new LinkedHashMap<>();
      item.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      List<Double> values = new ArrayList<>();
      if (item.has("value")) {
        values.add(number(item.path("value").path(1)));
      }
      item.path("values").forEach(v -> values.add(number(v.path(1))));
      if (!values.isEmpty()) {
        out.add(new Series(labels, values));
      }
    }
    return out;
  }

  private static double number(JsonNode value) {
    String text = value.asText();
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }
}
