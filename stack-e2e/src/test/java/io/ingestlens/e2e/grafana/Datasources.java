package io.ingestlens.e2e.grafana;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The provisioned data sources ({@code grafana/provisioning/datasources/datasources.yaml}) with the
 * values Grafana sees: provisioning expands {@code $VAR} itself, so {@code $$} in the file is a
 * literal {@code $}.
 */
public final class Datasources {

  /** Tempo's span-to-logs link ({@code jsonData.tracesToLogsV2}). */
  public record TracesToLogs(
      String datasourceUid, String query, boolean customQuery, Duration spanStartTimeShift, Duration spanEndTimeShift) {}

  /** Tempo's trace-by-id lookup time window ({@code jsonData.traceQuery}). */
  public record TraceQuery(boolean timeShiftEnabled, Duration spanStartTimeShift, Duration spanEndTimeShift) {}

  /** Tempo's span-to-metrics links ({@code jsonData.tracesToMetrics}). */
  public record TracesToMetrics(
      String datasourceUid,
      Map<String, String> tags,
      Map<String, String> queries,
      Duration spanStartTimeShift,
      Duration spanEndTimeShift) {}

  /** A Loki derived field ({@code jsonData.derivedFields[]}). */
  public record DerivedField(String name, String matcherType, String matcherRegex, String url, String datasourceUid) {}

  /** Prometheus' exemplar link ({@code jsonData.exemplarTraceIdDestinations[]}). */
  public record ExemplarDestination(String name, String datasourceUid) {}

  private final List<Map<String, Object>> datasources;

  private Datasources(List<Map<String, Object>> datasources) {
    this.datasources = datasources;
  }

  public static Datasources read(Path file) {
    try (Reader reader = Files.newBufferedReader(file)) {
      Map<String, Object> root = new Yaml().load(reader);
      List<Map<String, Object>> list = new ArrayList<>();
      for (Object item : (List<?>) root.get("datasources")) {
        list.add(map(unescape(item)));
      }
      return new Datasources(list);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The uid of the data source of this plugin type (the default one if there are several). */
  public String uidOfType(String pluginType) {
    List<Map<String, Object>> ofType =
        datasources.stream().filter(d -> pluginType.equals(d.get("type"))).toList();
    if (ofType.isEmpty()) {
      throw new IllegalStateException("no data source of type " + pluginType);
    }
    return String.valueOf(
        ofType.stream().filter(d -> Boolean.TRUE.equals(d.get("isDefault"))).findFirst().orElse(ofType.get(0)).get("uid"));
  }

  public String typeOf(String uid) {
    return String.valueOf(datasource(uid).get("type"));
  }

  /** Prometheus' {@code timeInterval}: the scrape (here, export) interval Grafana assumes. */
  public Duration timeInterval(String uid) {
    Object value = jsonData(uid).get("timeInterval");
    return value == null ? null : GrafanaDuration.parse(String.valueOf(value));
  }

  public TracesToLogs tracesToLogs(String tempoUid) {
    Map<String, Object> t = map(jsonData(tempoUid).get("tracesToLogsV2"));
    return new TracesToLogs(
        String.valueOf(t.get("datasourceUid")),
        String.valueOf(t.get("query")),
        Boolean.TRUE.equals(t.get("customQuery")),
        shift(t.get("spanStartTimeShift"), Duration.ZERO),
        shift(t.get("spanEndTimeShift"), Duration.ZERO));
  }

  /** Unset shifts default to 30 minutes, as {@code makeTraceIdRequest} does. */
  public TraceQuery traceQuery(String tempoUid) {
    Map<String, Object> t = map(jsonData(tempoUid).getOrDefault("traceQuery", Map.of()));
    return new TraceQuery(
        Boolean.TRUE.equals(t.get("timeShiftEnabled")),
        shift(t.get("spanStartTimeShift"), Duration.ofMinutes(30)),
        shift(t.get("spanEndTimeShift"), Duration.ofMinutes(30)));
  }

  /** Unset shifts default to -2 and +2 minutes, as {@code createSpanLink.tsx} does for metrics. */
  public TracesToMetrics tracesToMetrics(String tempoUid) {
    Map<String, Object> t = map(jsonData(tempoUid).get("tracesToMetrics"));
    Map<String, String> tags = new LinkedHashMap<>();
    for (Object tag : (List<?>) t.getOrDefault("tags", List.of())) {
      Map<String, Object> m = map(tag);
      Object value = m.get("value");
      tags.put(String.valueOf(m.get("key")), value == null || String.valueOf(value).isEmpty() ? String.valueOf(m.get("key")) : String.valueOf(value));
    }
    Map<String, String> queries = new LinkedHashMap<>();
    for (Object q : (List<?>) t.getOrDefault("queries", List.of())) {
      Map<String, Object> m = map(q);
      queries.put(String.valueOf(m.get("name")), String.valueOf(m.get("query")));
    }
    return new TracesToMetrics(
        String.valueOf(t.get("datasourceUid")),
        tags,
        queries,
        shift(t.get("spanStartTimeShift"), Duration.ofMinutes(-2)),
        shift(t.get("spanEndTimeShift"), Duration.ofMinutes(2)));
  }

  public List<DerivedField> derivedFields(String lokiUid) {
    List<DerivedField> fields = new ArrayList<>();
    for (Object item : (List<?>) jsonData(lokiUid).getOrDefault("derivedFields", List.of())) {
      Map<String, Object> f = map(item);
      fields.add(
          new DerivedField(
              String.valueOf(f.get("name")),
              String.valueOf(f.getOrDefault("matcherType", "regex")),
              String.valueOf(f.get("matcherRegex")),
              String.valueOf(f.get("url")),
              f.get("datasourceUid") == null ? null : String.valueOf(f.get("datasourceUid"))));
    }
    return fields;
  }

  /** Loki's line limit for log queries ({@code maxLines}; Grafana's default 1000). */
  public int maxLines(String lokiUid) {
    Object value = jsonData(lokiUid).get("maxLines");
    return value == null ? 1000 : Integer.parseInt(String.valueOf(value));
  }

  public List<ExemplarDestination> exemplarDestinations(String prometheusUid) {
    List<ExemplarDestination> list = new ArrayList<>();
    for (Object item : (List<?>) jsonData(prometheusUid).getOrDefault("exemplarTraceIdDestinations", List.of())) {
      Map<String, Object> d = map(item);
      list.add(new ExemplarDestination(String.valueOf(d.get("name")), String.valueOf(d.get("datasourceUid"))));
    }
    return list;
  }

  /** Tempo's service map data source ({@code jsonData.serviceMap.datasourceUid}), or null. */
  public String serviceMapDatasource(String tempoUid) {
    Object serviceMap = jsonData(tempoUid).get("serviceMap");
    return serviceMap == null ? null : String.valueOf(map(serviceMap).get("datasourceUid"));
  }

  private Map<String, Object> datasource(String uid) {
    return datasources.stream()
        .filter(d -> uid.equals(String.valueOf(d.get("uid"))))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no data source with uid " + uid));
  }

  private Map<String, Object> jsonData(String uid) {
    return map(datasource(uid).getOrDefault("jsonData", Map.of()));
  }

  private static Duration shift(Object value, Duration fallback) {
    return value == null || String.valueOf(value).isBlank() ? fallback : GrafanaDuration.parse(String.valueOf(value));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private static Object unescape(Object node) {
    if (node instanceof String s) {
      return s.replace("$$", "$");
    }
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), unescape(v)));
      return out;
    }
    if (node instanceof List<?> l) {
      return l.stream().map(Datasources::unescape).toList();
    }
    return node;
  }
}
