package io.ingestlens.e2e.grafana;

import io.ingestlens.e2e.grafana.Datasources.TraceQuery;
import io.ingestlens.e2e.grafana.Datasources.TracesToLogs;
import io.ingestlens.e2e.grafana.Datasources.TracesToMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The links of Grafana's trace view and of its trace-id lookups, computed as Grafana 12.4 does.
 *
 * <p>Span to logs and span to metrics ({@code public/app/features/explore/TraceView/
 * createSpanLink.tsx} and {@code createTraceLink.tsx}, {@code getTimeRangeFromTimestamps}): the
 * window runs from the span's start <em>plus</em> {@code spanStartTimeShift} to its end
 * <em>plus</em> {@code spanEndTimeShift}, in whole milliseconds (so "-5m" starts five minutes
 * earlier); an empty window gets one millisecond. The query's {@code ${__trace.traceId}},
 * {@code ${__span.spanId}}, {@code ${__span.name}}, {@code ${__span.tags.KEY}} and {@code $__tags}
 * are replaced from the span.
 *
 * <p>Trace-id lookups ({@code public/app/plugins/datasource/tempo/datasource.ts},
 * {@code makeTraceIdRequest}): with {@code traceQuery.timeShiftEnabled} the range of the panel or
 * of Explore is widened, its start <em>minus</em> {@code spanStartTimeShift} and its end
 * <em>plus</em> {@code spanEndTimeShift} (30 minutes each when unset); without it, no range.
 */
public final class SpanLinks {

  /**
   * A span as Grafana's trace view holds it.
   *
   * @param tags resource attributes, then span attributes (a span attribute wins)
   */
  public record Span(
      String traceId, String spanId, String name, Instant start, Duration duration, Map<String, String> tags) {

    public Instant end() {
      return start.plus(duration);
    }
  }

  private SpanLinks() {}

  public static TimeRange logsWindow(Span span, TracesToLogs config) {
    return window(span, config.spanStartTimeShift(), config.spanEndTimeShift());
  }

  public static TimeRange metricsWindow(Span span, TracesToMetrics config) {
    return window(span, config.spanStartTimeShift(), config.spanEndTimeShift());
  }

  /** The span-to-logs query: the custom query with the span's variables replaced. */
  public static String logsQuery(Span span, TracesToLogs config) {
    if (!config.customQuery()) {
      throw new IllegalArgumentException("only custom tracesToLogsV2 queries are modelled");
    }
    return TemplateInterpolation.interpolate(
        config.query(), Map.of(), scopedVariables(span, Map.of()), Map.of(), TemplateInterpolation.Dialect.TEXT);
  }

  /** A span-to-metrics query: {@code $__tags} is {@code label="value"} for each mapped span tag. */
  public static String metricsQuery(Span span, TracesToMetrics config, String query) {
    String tags =
        span.tags().entrySet().stream()
            .filter(e -> config.tags().containsKey(e.getKey()))
            .map(e -> config.tags().get(e.getKey()) + "=\"" + e.getValue() + "\"")
            .collect(Collectors.joining(", "));
    return TemplateInterpolation.interpolate(
        query, Map.of(), scopedVariables(span, Map.of("__tags", tags)), Map.of(), TemplateInterpolation.Dialect.TEXT);
  }

  /**
   * The range a trace-id lookup sends to Tempo for a panel or Explore range, or null when Grafana
   * sends none.
   */
  public static TimeRange traceLookupWindow(TimeRange range, TraceQuery config) {
    if (!config.timeShiftEnabled()) {
      return null;
    }
    return new TimeRange(range.from().minus(config.spanStartTimeShift()), range.to().plus(config.spanEndTimeShift()));
  }

  /** The variables left unreplaced in a link's query: Grafana does not show such a link. */
  public static List<String> undefinedVariables(String interpolated) {
    return TemplateInterpolation.unresolved(interpolated);
  }

  private static Map<String, String> scopedVariables(Span span, Map<String, String> extra) {
    Map<String, String> vars = new LinkedHashMap<>(extra);
    vars.put("__trace.traceId", span.traceId());
    vars.put("__span.traceId", span.traceId());
    vars.put("__span.spanId", span.spanId());
    vars.put("__span.name", span.name());
    span.tags().forEach((k, v) -> vars.put("__span.tags." + k, v));
    return vars;
  }

  private static TimeRange window(Span span, Duration startShift, Duration endShift) {
    long startMs = Math.floorDiv(micros(span.start()), 1000) + startShift.toMillis();
    long endMs = (long) Math.floor((micros(span.start()) + micros(span.duration())) / 1000.0 + endShift.toMillis());
    if (startMs >= endMs) {
      endMs = startMs + 1;
    }
    return new TimeRange(Instant.ofEpochMilli(startMs), Instant.ofEpochMilli(endMs));
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  private static long micros(Duration d) {
    return d.toNanos() / 1000;
  }
}
