package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.stack.GrafanaTestFiles.Telemetry;
import io.ingestlens.stack.RepoCompose.Mount;
import io.ingestlens.stack.RepoCompose.Service;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * grafana/provisioning: data sources with fixed, unique uids that point at the compose services,
 * correlations (exemplars, derived fields, trace to logs and metrics) that resolve and use names
 * from docs/telemetry.md, and the dashboard provider on the mounted dashboards directory.
 */
class DatasourceProvisioningTest {

  private final List<Map<String, Object>> datasources = GrafanaTestFiles.datasources();

  @Test
  void uidsAreFixedAndUnique() {
    List<String> uids = datasources.stream().map(d -> String.valueOf(d.get("uid"))).toList();
    assertThat(uids).containsExactlyInAnyOrder("prometheus", "loki", "tempo", "alertmanager");
    List<String> names = datasources.stream().map(d -> String.valueOf(d.get("name"))).toList();
    assertThat(Set.copyOf(names)).hasSameSizeAs(names);
    assertThat(datasources.stream().filter(d -> Boolean.TRUE.equals(d.get("isDefault")))).hasSize(1);
  }

  @Test
  void everyDatasourceUidResolves() {
    Set<String> uids = datasources.stream().map(d -> String.valueOf(d.get("uid"))).collect(Collectors.toSet());
    List<Object> references = GrafanaTestFiles.yamlValues(datasources, "datasourceUid");
    assertThat(references).isNotEmpty();
    assertThat(references).allSatisfy(uid -> assertThat(uids).contains(String.valueOf(uid)));
  }

  /** Grafana expands $VAR in provisioned values: every literal $ must be written $$. */
  @Test
  void dollarSignsAreEscaped() {
    List<String> values = new ArrayList<>();
    collectStrings(datasources, values);
    assertThat(values).filteredOn(v -> v.contains("$")).isNotEmpty()
        .allSatisfy(v -> assertThat(v.replace("$$", "")).as(v).doesNotContain("$"));
  }

  @Test
  void urlsPointAtTheComposeServices() {
    RepoCompose compose = RepoCompose.load();
    for (Map<String, Object> datasource : datasources) {
      URI url = URI.create(String.valueOf(datasource.get("url")));
      Service service = compose.service(url.getHost());
      assertThat(service.ports()).as("%s port", url.getHost())
          .extracting(RepoCompose.Port::containerPort)
          .contains(String.valueOf(url.getPort()));
      assertThat(service.profiles()).isEqualTo(compose.service("grafana").profiles());
    }
  }

  @Test
  void exemplarsLinkToTempoByTraceId() {
    Map<String, Object> destination =
        RepoYaml.map(RepoYaml.list(jsonData("prometheus").get("exemplarTraceIdDestinations")).get(0));
    assertThat(destination).containsEntry("name", "trace_id").containsEntry("datasourceUid", "tempo");
  }

  /** trace_id is structured metadata of the OTLP log records: matched as a label, not by regex. */
  @Test
  void logLinesLinkToTheirTrace() {
    Map<String, Object> field = RepoYaml.map(RepoYaml.list(jsonData("loki").get("derivedFields")).get(0));
    assertThat(field)
        .containsEntry("matcherType", "label")
        .containsEntry("matcherRegex", "trace_id")
        .containsEntry("datasourceUid", "tempo")
        .containsEntry("url", "$${__value.raw}");
    assertThat(GrafanaTestFiles.telemetry().lokiLabels()).contains("trace_id");
  }

  @Test
  void spansLinkToTheirLogRecordsByTraceId() {
    Map<String, Object> logs = RepoYaml.map(jsonData("tempo").get("tracesToLogsV2"));
    assertThat(logs).containsEntry("datasourceUid", "loki").containsEntry("customQuery", true);
    String query = String.valueOf(logs.get("query")).replace("$$", "$");
    assertThat(query).contains("| trace_id=\"${__trace.traceId}\"");
    Telemetry telemetry = GrafanaTestFiles.telemetry();
    assertThat(GrafanaTestFiles.logqlProblems("tracesToLogsV2", query, telemetry)).isEmpty();
    assertThat(GrafanaTestFiles.logql(query).stream())
        .contains(new GrafanaTestFiles.LabelMatcher("service_name", "=~", "ingest-.*"));
  }

  /**
   * Trace-id lookups (a trace id clicked in a table, a derived field, an exemplar): Grafana's Tempo
   * data source subtracts {@code traceQuery.spanStartTimeShift} from the range's start and adds
   * {@code spanEndTimeShift} to its end ({@code public/app/plugins/datasource/tempo/datasource.ts},
   * {@code makeTraceIdRequest}). Both must widen the range, or a trace near its start is missed.
   */
  @Test
  void traceIdLookupsWidenThePanelRange() {
    Map<String, Object> query = RepoYaml.map(jsonData("tempo").get("traceQuery"));
    assertThat(query).containsEntry("timeShiftEnabled", true);
    assertThat(grafanaInterval(query.get("spanStartTimeShift"))).as("traceQuery.spanStartTimeShift").isPositive();
    assertThat(grafanaInterval(query.get("spanEndTimeShift"))).as("traceQuery.spanEndTimeShift").isPositive();
  }

  /**
   * Span to logs: Grafana adds {@code tracesToLogsV2}'s shifts to the span's start and end
   * ({@code public/app/features/explore/TraceView/createSpanLink.tsx}). A run's log record is
   * written when the processor handles it, while the {@code ingestion.run} span of a replayed run
   * ends when the run ended: a {@code --rebase-time} replay of logs.json handles runs that ended up
   * to the file's whole span earlier, so the window must reach past that. The real-backend tier
   * follows the link from such a span.
   */
  @Test
  void spanToLogsWindowReachesTheRecordOfAReplayedRun() {
    Map<String, Object> logs = RepoYaml.map(jsonData("tempo").get("tracesToLogsV2"));
    assertThat(grafanaInterval(logs.get("spanStartTimeShift"))).as("tracesToLogsV2.spanStartTimeShift").isLessThanOrEqualTo(Duration.ZERO);
    assertThat(grafanaInterval(logs.get("spanEndTimeShift")))
        .as("tracesToLogsV2.spanEndTimeShift against the span of logs.json's runs")
        .isGreaterThan(logsJsonSpan());
  }

  /** The comment above the Alertmanager data source names only panels the dashboard has. */
  @Test
  void alertmanagerCommentMatchesTheDashboard() {
    List<String> lines = RepoFiles.lines("grafana", "provisioning", "datasources", "datasources.yaml");
    int at = lines.indexOf("  - name: Alertmanager");
    assertThat(at).isPositive();
    StringBuilder comment = new StringBuilder();
    for (int i = at - 1; i >= 0 && lines.get(i).trim().startsWith("#"); i--) {
      comment.insert(0, lines.get(i).trim().substring(1) + " ");
    }
    List<JsonNode> panels = GrafanaTestFiles.panels(GrafanaTestFiles.dashboard());
    Set<String> types = panels.stream().map(p -> p.path("type").asText()).collect(Collectors.toSet());
    Set<String> titles = panels.stream().map(p -> p.path("title").asText()).collect(Collectors.toSet());
    if (!types.contains("alertlist")) {
      assertThat(comment.toString()).as("no alert list panel in the dashboard").doesNotContainIgnoringCase("alert list");
    }
    Matcher quoted = Pattern.compile("\"([^\"]+)\"").matcher(comment);
    while (quoted.find()) {
      assertThat(titles).as("panel named in the comment").contains(quoted.group(1));
    }
  }

  /** Grafana's interval syntax ({@code rangeUtil.intervalToMs}): a sign, a whole count, a unit. */
  static Duration grafanaInterval(Object value) {
    Matcher m = Pattern.compile("^(-?)(\\d+)(ms|s|m|h|d|w)$").matcher(String.valueOf(value).trim());
    assertThat(m.matches()).as("Grafana interval %s", value).isTrue();
    long n = Long.parseLong(m.group(2)) * (m.group(1).isEmpty() ? 1 : -1);
    return switch (m.group(3)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }

  /** From the end of the first run of logs.json to the end of its last. */
  private static Duration logsJsonSpan() {
    try {
      JsonNode runs = new ObjectMapper().readTree(RepoFiles.path("logs.json").toFile());
      DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");
      List<LocalDateTime> ends = new ArrayList<>();
      runs.forEach(r -> ends.add(LocalDateTime.parse(r.path("Fin").asText(), format)));
      return Duration.between(Collections.min(ends), Collections.max(ends));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void spansLinkToTheirSourceMetrics() {
    Map<String, Object> metrics = RepoYaml.map(jsonData("tempo").get("tracesToMetrics"));
    assertThat(metrics).containsEntry("datasourceUid", "prometheus");
    Telemetry telemetry = GrafanaTestFiles.telemetry();
    for (Object tag : RepoYaml.list(metrics.get("tags"))) {
      Map<String, Object> t = RepoYaml.map(tag);
      // A span attribute of docs/telemetry.md mapped to the label the OTLP translation gives it.
      assertThat(String.valueOf(t.get("value"))).isEqualTo(String.valueOf(t.get("key")).replace('.', '_'));
      assertThat(telemetry.allMetricLabels()).contains(String.valueOf(t.get("value")));
    }
    List<String> problems = new ArrayList<>();
    for (Object item : RepoYaml.list(metrics.get("queries"))) {
      Map<String, Object> query = RepoYaml.map(item);
      String expr = String.valueOf(query.get("query")).replace("$$", "$");
      assertThat(expr).contains("{$__tags");
      problems.addAll(GrafanaTestFiles.promqlProblems(String.valueOf(query.get("name")), expr, telemetry, Set.of()));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void tempoShowsTheServiceMapAndNodeGraph() {
    Map<String, Object> tempo = jsonData("tempo");
    assertThat(RepoYaml.map(tempo.get("serviceMap"))).containsEntry("datasourceUid", "prometheus");
    assertThat(RepoYaml.map(tempo.get("nodeGraph"))).containsEntry("enabled", true);
  }

  @Test
  void alertmanagerIsThePrometheusImplementation() {
    Map<String, Object> datasource = datasource("alertmanager");
    assertThat(datasource).containsEntry("type", "alertmanager");
    assertThat(RepoYaml.map(datasource.get("jsonData"))).containsEntry("implementation", "prometheus");
  }

  @Test
  void dashboardsAreLoadedFromTheMountedDirectory() {
    Service grafana = RepoCompose.load().service("grafana");
    Map<String, String> mounts =
        grafana.mounts().stream().filter(Mount::bind).collect(Collectors.toMap(Mount::source, Mount::target));
    assertThat(mounts).containsEntry("./grafana/provisioning", "/etc/grafana/provisioning");

    Map<String, Object> providers = RepoYaml.load("grafana", "provisioning", "dashboards", "dashboards.yaml");
    List<Object> list = RepoYaml.list(providers.get("providers"));
    assertThat(list).hasSize(1);
    Map<String, Object> provider = RepoYaml.map(list.get(0));
    assertThat(provider).containsEntry("type", "file");
    assertThat(RepoYaml.map(provider.get("options"))).containsEntry("path", mounts.get("./grafana/dashboards"));
  }

  private static void collectStrings(Object node, List<String> out) {
    if (node instanceof Map<?, ?> map) {
      map.values().forEach(v -> collectStrings(v, out));
    } else if (node instanceof List<?> list) {
      list.forEach(v -> collectStrings(v, out));
    } else if (node instanceof String text) {
      out.add(text);
    }
  }

  private Map<String, Object> datasource(String uid) {
    return datasources.stream().filter(d -> uid.equals(d.get("uid"))).findFirst().orElseThrow();
  }

  private Map<String, Object> jsonData(String uid) {
    return RepoYaml.map(datasource(uid).get("jsonData"));
  }
}
