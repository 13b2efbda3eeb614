package io.ingestlens.e2e.backend;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loki's HTTP API (the calls Grafana's Loki data source makes). */
public final class Loki {

  /**
   * One log line of a log query's answer.
   *
   * @param labels the stream's labels: index labels, structured metadata and parsed labels, as Loki
   *     returns them to a client that does not ask for them to be told apart
   */
  public record LogLine(Instant time, String line, Map<String, String> labels) {}

  private final JsonHttp http;

  public Loki(String baseUrl) {
    this.http = new JsonHttp(baseUrl);
  }

  /** {@code /loki/api/v1/query_range} of a log query: its lines, newest first. */
  public List<LogLine> logs(String expr, Instant start, Instant end, int limit) {
    JsonNode data = queryRange(expr, start, end, limit, null);
    List<LogLine> lines = new ArrayList<>();
    for (JsonNode stream : data.path("result")) {
      Map<String, String> labels = new LinkedHashMap<>();
      stream.path("stream").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      for (JsonNode value : stream.path("values")) {
        long nanos = Long.parseLong(value.path(0).asText());
        lines.add(new LogLine(Instant.ofEpochSecond(0, nanos), value.path(1).asText(), labels));
      }
    }
    lines.sort((a, b) -> b.time().compareTo(a.time()));
    return lines;
  }

  /** {@code /loki/api/v1/query_range}: the {@code data} object. */
  public JsonNode queryRange(String expr, Instant start, Instant end, int limit, Duration step) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("query", expr);
    params.put("start", nanos(start));
    params.put("end", nanos(end));
    params.put("limit", String.valueOf(limit));
    params.put("direction", "backward");
    if (step != null) {
      params.put("step", String.format(java.util.Locale.ROOT, "%.3f", step.toMillis() / 1000.0));
    }
    return data(http.get("/loki/api/v1/query_range", params));
  }

  /** {@code /loki/api/v1/query} (an instant metric query): the {@code data} object. */
  public JsonNode instant(String expr, Instant time) {
    return data(http.get("/loki/api/v1/query", Map.of("query", expr, "time", nanos(time))));
  }

  private static String nanos(Instant t) {
    return String.valueOf(t.getEpochSecond() * 1_000_000_000L + t.getNano());
  }

  private static JsonNode data(JsonNode answer) {
    if (!"success".equals(answer.path("status").asText())) {
      throw new JsonHttp.BackendException("Loki answered " + JsonHttp.abbreviate(answer.toString()));
    }
    return answer.path("data");
  }
}
