package io.ingestlens.e2e.backend;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prometheus' HTTP API (the calls Grafana's Prometheus data source makes). */
public final class Prometheus {

  private final JsonHttp http;

  public Prometheus(String baseUrl) {
    this.http = new JsonHttp(baseUrl);
  }

  /** {@code /api/v1/query}: the {@code data} object (resultType, result). */
  public JsonNode instant(String expr, Instant time) {
    return data(http.get("/api/v1/query", Map.of("query", expr, "time", seconds(time))));
  }

  /** {@code /api/v1/query_range}. */
  public JsonNode range(String expr, Instant start, Instant end, Duration step) {
    return data(
        http.get(
            "/api/v1/query_range",
            Map.of("query", expr, "start", seconds(start), "end", seconds(end), "step", seconds(step))));
  }

  /** {@code /api/v1/label/NAME/values} with an optional series selector, as Grafana's variables ask. */
  public List<String> labelValues(String label, String match, long startSeconds, long endSeconds, int limit) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("start", String.valueOf(startSeconds));
    params.put("end", String.valueOf(endSeconds));
    params.put("limit", String.valueOf(limit));
    if (match != null) {
      params.put("match[]", match);
    }
    List<String> values = new ArrayList<>();
    data(http.get("/api/v1/label/" + label + "/values", params)).forEach(v -> values.add(v.asText()));
    return values;
  }

  /** {@code /api/v1/alerts}: every pending and firing alert. */
  public JsonNode alerts() {
    return data(http.get("/api/v1/alerts", Map.of())).path("alerts");
  }

  /** {@code /api/v1/query_exemplars}. */
  public JsonNode exemplars(String expr, Instant start, Instant end) {
    return data(http.get("/api/v1/query_exemplars", Map.of("query", expr, "start", seconds(start), "end", seconds(end))));
  }

  /** {@code /api/v1/series}. */
  public JsonNode series(String match, Instant start, Instant end) {
    return data(http.get("/api/v1/series", Map.of("match[]", match, "start", seconds(start), "end", seconds(end))));
  }

  public String url(String path, Map<String, String> params) {
    return http.url(path, params);
  }

  static String seconds(Instant t) {
    return String.format(java.util.Locale.ROOT, "%.3f", t.toEpochMilli() / 1000.0);
  }

  static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
  }

  private static JsonNode data(JsonNode answer) {
    if (!"success".equals(answer.path("status").asText())) {
      throw new JsonHttp.BackendException("Prometheus answered " + JsonHttp.abbreviate(answer.toString()));
    }
    return answer.path("data");
  }
}
