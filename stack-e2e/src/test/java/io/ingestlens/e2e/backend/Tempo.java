package io.ingestlens.e2e.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.ingestlens.e2e.grafana.SpanLinks.Span;
import io.ingestlens.e2e.grafana.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tempo's HTTP API: a trace by id, as Grafana's Tempo data source asks for it. */
public final class Tempo {

  /**
   * One span of a trace, with the service that sent it and its parent.
   *
   * @param kind OTLP's span kind name ({@code SPAN_KIND_PRODUCER}...)
   * @param statusCode OTLP's status code name ({@code STATUS_CODE_ERROR}...), or empty
   */
  public record TraceSpan(Span span, String service, String parentSpanId, String kind, String statusCode) {}

  private final JsonHttp http;

  public Tempo(String baseUrl) {
    this.http = new JsonHttp(baseUrl);
  }

  /**
   * {@code /api/v2/traces/ID}, with {@code start} and {@code end} (Unix seconds) when a window is
   * given, as Grafana's backend sends them; empty when Tempo does not know the trace.
   */
  public Optional<List<TraceSpan>> trace(String traceId, TimeRange window) {
    Map<String, String> params = new LinkedHashMap<>();
    if (window != null) {
      params.put("start", String.valueOf(window.from().getEpochSecond()));
      params.put("end", String.valueOf(window.to().getEpochSecond()));
    }
    JsonNode answer = http.getOrNull("/api/v2/traces/" + traceId, params);
    if (answer == null || !answer.path("trace").has("resourceSpans")) {
      return Optional.empty();
    }
    List<TraceSpan> spans = new ArrayList<>();
    for (JsonNode rs : answer.path("trace").path("resourceSpans")) {
      Map<String, String> resource = attributes(rs.path("resource").path("attributes"));
      for (JsonNode ss : rs.path("scopeSpans")) {
        for (JsonNode s : ss.path("spans")) {
          Map<String, String> tags = new LinkedHashMap<>(resource);
          tags.putAll(attributes(s.path("attributes")));
          Instant start = Instant.ofEpochSecond(0, Long.parseLong(s.path("startTimeUnixNano").asText()));
          Instant end = Instant.ofEpochSecond(0, Long.parseLong(s.path("endTimeUnixNano").asText()));
          Span span = new Span(hex(s.path("traceId").asText()), hex(s.path("spanId").asText()), s.path("name").asText(),
              start, Duration.between(start, end), tags);
          String parent = s.path("parentSpanId").asText("");
          spans.add(new TraceSpan(span, resource.getOrDefault("service.name", ""), parent.isEmpty() ? "" : hex(parent),
              s.path("kind").asText(), s.path("status").path("code").asText("")));
        }
      }
    }
    return Optional.of(spans);
  }

  /**
   * The sum of every sample of one of Tempo's own counters on its {@code /metrics} page (0 when
   * Tempo has not made the series yet, as for a discard that never happened).
   */
  public double ownCounter(String name) {
    double sum = 0;
    for (String line : http.getText("/metrics").split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  public String url(String path) {
    return http.url(path, Map.of());
  }

  /** Tempo's JSON carries ids as base64 (protobuf bytes) or hex; Grafana shows hex. */
  static String hex(String id) {
    if (id.matches("[0-9a-fA-F]{16}|[0-9a-fA-F]{32}")) {
      return id.toLowerCase();
    }
    return HexFormat.of().formatHex(Base64.getDecoder().decode(id));
  }

  private static Map<String, String> attributes(JsonNode list) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode a : list) {
      JsonNode value = a.path("value");
      String text = value.has("stringValue") ? value.path("stringValue").asText()
          : value.has("intValue") ? value.path("intValue").asText()
          : value.has("doubleValue") ? value.path("doubleValue").asText()
          : value.has("boolValue") ? value.path("boolValue").asText()
          : value.toString();
      out.put(a.path("key").asText(), text);
    }
    return out;
  }
}
