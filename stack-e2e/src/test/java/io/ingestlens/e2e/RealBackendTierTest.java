package io.ingestlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ingestlens.e2e.DashboardFigures.Expected;
import io.ingestlens.e2e.PanelQueryRunner.Result;
import io.ingestlens.e2e.backend.JsonHttp;
import io.ingestlens.e2e.backend.Loki;
import io.ingestlens.e2e.backend.Loki.LogLine;
import io.ingestlens.e2e.backend.Prometheus;
import io.ingestlens.e2e.backend.Tempo;
import io.ingestlens.e2e.backend.Tempo.TraceSpan;
import io.ingestlens.e2e.grafana.Dashboard;
import io.ingestlens.e2e.grafana.Dashboard.DataLink;
import io.ingestlens.e2e.grafana.Dashboard.PanelQuery;
import io.ingestlens.e2e.grafana.Dashboard.QueryVariable;
import io.ingestlens.e2e.grafana.Datasources;
import io.ingestlens.e2e.grafana.Datasources.DerivedField;
import io.ingestlens.e2e.grafana.Datasources.TracesToLogs;
import io.ingestlens.e2e.grafana.Datasources.TracesToMetrics;
import io.ingestlens.e2e.grafana.ExploreLink;
import io.ingestlens.e2e.grafana.GrafanaDuration;
import io.ingestlens.e2e.grafana.LogLinks;
import io.ingestlens.e2e.grafana.QueryInterval;
import io.ingestlens.e2e.grafana.Selection;
import io.ingestlens.e2e.grafana.SpanLinks;
import io.ingestlens.e2e.grafana.TemplateInterpolation;
import io.ingestlens.e2e.grafana.TemplateInterpolation.Dialect;
import io.ingestlens.e2e.grafana.TimeRange;
import io.ingestlens.e2e.scenario.LegacyRuns;
import io.ingestlens.e2e.scenario.Scenario;
import io.ingestlens.e2e.stack.RealStackCondition;
import io.ingestlens.e2e.stack.StackEndpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

/**
 * The real-backend tier: the scenario of {@link Scenario} against real Prometheus, Loki and Tempo,
 * then the dashboard, its variables, the alert rules and the data source correlations checked
 * through the backends' query APIs, with Grafana's own substitutions and time windows. Runs when
 * the {@code STACK_*} variables are set (see {@link RealStackCondition}).
 */
@ExtendWith(RealStackCondition.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
@Order(1) // before FullSpeedReplayTierTest, whose runs would change every figure checked here
class RealBackendTierTest {

  /**
   * Dashboard queries that cannot return data here, with the reason: the only place such an
   * exception is made. Key: panel title and query refId.
   */
  static final Map<String, String> NO_DATA_HERE =
      Map.of(
          "Consumer lag/A",
          "kafka_consumergroup_lag comes from Alloy's Kafka exporter (prometheus.exporter.kafka); Alloy does not run"
              + " in this tier unless its OTLP endpoints point at Alloy (README, \"Real-backend tier\")");

  /** Data reaches the backends within seconds; the margin covers a loaded CI machine. */
  static final Duration DATA_TIMEOUT = Duration.ofSeconds(90);
  /** Rule groups run every minute: an alert fires up to a minute after its data arrived. */
  static final Duration ALERT_TIMEOUT = Duration.ofSeconds(150);
  static final Duration POLL = Duration.ofSeconds(2);

  private Scenario scenario;
  private Prometheus prometheus;
  private Loki loki;
  private Tempo tempo;
  private Dashboard dashboard;
  private Datasources datasources;
  private LegacyRuns legacy;
  private PanelQueryRunner runner;
  private Map<String, Selection> datasourceVariables;
  private String tempoUid;
  private String lokiUid;
  private String prometheusUid;

  @BeforeAll
  void startScenario() {
    StackEndpoints stack = StackEndpoints.from(System.getenv());
    prometheus = new Prometheus(stack.prometheus());
    loki = new Loki(stack.loki());
    tempo = new Tempo(stack.tempo());
    dashboard = Dashboard.read(RepoRoot.resolve("grafana", "dashboards", "ingestion-health.json"));
    datasources = Datasources.read(RepoRoot.resolve("grafana", "provisioning", "datasources", "datasources.yaml"));
    legacy = LegacyRuns.read(RepoRoot.resolve("logs.json"));
    datasourceVariables = new LinkedHashMap<>();
    dashboard.datasourceVariables()
        .forEach(v -> datasourceVariables.put(v.name(), Selection.single(v.name(), datasources.uidOfType(v.pluginType()))));
    prometheusUid = datasources.uidOfType("prometheus");
    lokiUid = datasources.uidOfType("loki");
    tempoUid = datasources.uidOfType("tempo");
    runner = new PanelQueryRunner(prometheus, loki, datasources, datasourceVariables);
    scenario = Scenario.start(stack, Path.of("target", "stack-e2e").toAbsolutePath());
  }

  @AfterAll
  void stopScenario() {
    if (scenario != null) {
      scenario.close();
    }
  }

  // ------------------------------------------------------------------ the dashboard

  /**
   * With the source variable on each source of logs.json, then on all five, every panel whose
   * figure follows from the file shows exactly that figure: 432 runs, 4 FAILED, per source.
   */
  @Test
  @Order(1)
  void perSourceFiguresAgreeWithLogsJson() {
    assertThat(legacy.size()).isEqualTo(432);
    assertThat(legacy.failedRuns()).hasSize(4);
    assertThat(legacy.sources()).hasSize(5);
    Map<String, Integer> maxLines = new HashMap<>();
    dashboard.panelQueries().stream().filter(q -> q.maxLines() != null).forEach(q -> maxLines.put(q.panelTitle(), q.maxLines()));

    List<Set<String>> selections = new ArrayList<>();
    legacy.sources().forEach(s -> selections.add(Set.of(s)));
    selections.add(legacy.sources());

    Set<String> titles = dashboard.panelQueries().stream().map(PanelQuery::panelTitle).collect(Collectors.toSet());
    DashboardFigures.Buckets[] buckets = new DashboardFigures.Buckets[1];
    waitFor("the replay's figures on the dashboard, per source")
        .atMost(DATA_TIMEOUT)
        .pollInterval(POLL)
        .untilAsserted(
            () -> {
              if (buckets[0] == null) {
                buckets[0] = buckets();
              }
              DashboardFigures figures = new DashboardFigures(legacy, buckets[0]);
              List<String> mismatches = new ArrayList<>();
              TimeRange range = range();
              for (Set<String> sources : selections) {
                Map<String, Selection> vars = variables(Map.of("source", List.copyOf(sources)));
                for (Map.Entry<String, Expected> e : figures.forSources(sources, maxLines).entrySet()) {
                  assertThat(titles).as("panel \"%s\" of the tier's expected figures is not in the dashboard", e.getKey()).contains(e.getKey());
                  for (PanelQuery q : queriesOf(e.getKey())) {
                    Result result = runner.run(q, vars, range);
                    DashboardFigures.mismatch(e.getValue(), result)
                        .ifPresent(why -> mismatches.add("source=" + sources + ": " + why + "\n  " + result.describe()));
                  }
                }
              }
              assertThat(mismatches).as("dashboard figures that disagree with logs.json (%s)", scenario.outputs()).isEmpty();
            });
  }

  /** The template variables list what the runs carry: the sources, objects, company and zone. */
  @Test
  @Order(2)
  void templateVariablesResolveToTheValuesOfTheRuns() {
    Set<String> sources = new TreeSet<>(legacy.sources());
    sources.add(Scenario.BURST_SOURCE);
    Set<String> objects = new TreeSet<>(legacy.objects());
    objects.addAll(List.of(Scenario.BURST_OBJECT, Scenario.BURST_OTHER_OBJECT));
    Map<String, Set<String>> expectedAtAll =
        Map.of("source", sources, "object", objects, "company", legacy.companies(), "zone", legacy.zones());
    assertThat(dashboard.queryVariables()).extracting(QueryVariable::name).containsExactlyInAnyOrderElementsOf(expectedAtAll.keySet());

    waitFor("the dashboard's variables")
        .atMost(DATA_TIMEOUT)
        .pollInterval(POLL)
        .untilAsserted(
            () -> {
              List<String> wrong = new ArrayList<>();
              for (QueryVariable v : dashboard.queryVariables()) {
                check(v, variables(Map.of()), expectedAtAll.get(v.name()), wrong);
              }
              // Chained: the objects of one source.
              QueryVariable object = dashboard.queryVariable("object").orElseThrow();
              for (String source : legacy.sources()) {
                check(object, variables(Map.of("source", List.of(source))), legacy.objects(source), wrong);
              }
              assertThat(wrong).as("template variables").isEmpty();
            });
  }

  private void check(QueryVariable v, Map<String, Selection> vars, Set<String> expected, List<String> wrong) {
    List<String> got = variableValues(v, vars, range());
    if (!new TreeSet<>(got).equals(expected)) {
      wrong.add("variable " + v.name() + " (" + v.query() + ") with " + vars.values() + ": " + expected + " expected, " + got + " returned");
    }
  }

  /**
   * A variable's values as Grafana's Prometheus data source asks for them
   * ({@code PrometheusMetricFindQuery}, {@code LabelsApiClient.queryLabelValues}): the label values
   * endpoint with the interpolated selector, the range snapped to whole minutes, limit 40000.
   */
  private List<String> variableValues(QueryVariable v, Map<String, Selection> vars, TimeRange range) {
    Matcher m = Pattern.compile("^label_values\\((?:(.+),\\s*)?(.+)\\)\\s*$").matcher(v.query());
    assertThat(m.matches()).as("variable %s: only label_values(...) queries are modelled: %s", v.name(), v.query()).isTrue();
    String match = m.group(1) == null ? null : TemplateInterpolation.interpolate(m.group(1), vars, Map.of(), Map.of(), Dialect.PROMETHEUS);
    long start = Math.floorDiv(range.from().getEpochSecond(), 60) * 60;
    long end = (range.to().getEpochSecond() + 59) / 60 * 60;
    return prometheus.labelValues(m.group(2).trim(), match, start, end, 40_000);
  }

  // ------------------------------------------------------------------ correlations

  /**
   * Each FAILED run of logs.json: its log record (the "Five most recent failed runs" panel, for its
   * source and object) carries the trace id Loki's derived field picks; Tempo returns that trace,
   * three spans across both services; and the span-to-logs link of every span finds the record,
   * the replayed run's {@code ingestion.run} span included (its run ended up to a day before the
   * record was written).
   */
  @Test
  @Order(3)
  void failedRunsLinkFromLogToTraceAndBack() {
    PanelQuery failedRuns = queriesOf("Five most recent failed runs").get(0);
    DerivedField traceField = traceIdField();
    for (LegacyRuns.Run failed : legacy.failedRuns()) {
      Map<String, Selection> vars = variables(Map.of("source", List.of(failed.source()), "object", List.of(failed.object())));
      String what = "FAILED run " + failed.source() + "/" + failed.object() + " (logs.json index " + failed.index() + ")";
      LogLine record =
          awaitAnswer(what + ": one log line in " + failedRuns.where() + " for its source and object",
                  () -> runner.run(failedRuns, vars, range()), r -> r.lines().size() == 1, Result::describe)
              .lines()
              .get(0);
      assertThat(record.line()).as("%s: the log line is the run's description", what).isEqualTo(failed.description());
      String traceId =
          LogLinks.derivedValue(traceField, record.line(), record.labels())
              .orElseThrow(() -> new AssertionError(what + ": Loki's derived field " + traceField.name() + " ("
                  + traceField.matcherType() + " " + traceField.matcherRegex() + ") finds nothing in " + record));
      List<TraceSpan> trace = traceOf(LogLinks.linkQuery(traceField, traceId), range(), what + ", link " + traceField.name());
      assertRunTrace(trace, what, failed);
      for (TraceSpan span : trace) {
        assertSpanLinksToLog(span, traceId, failed.description(), what);
      }
    }
  }

  /**
   * The oldest run of the replay (it ended about a day before it was processed): the "Runs" panel's
   * trace link opens its trace from the dashboard's default time range, the lookup window Grafana
   * sends covers the whole trace, and the span-to-logs link of its {@code ingestion.run} span finds
   * the log record written a day later.
   */
  @Test
  @Order(4)
  void oldestReplayedRunLinksFromTheRunsTableToItsTraceAndBack() {
    LegacyRuns.Run oldest = legacy.oldest();
    String what = "oldest replayed run " + oldest.source() + "/" + oldest.object() + " (logs.json index " + oldest.index() + ")";
    PanelQuery runs = queriesOf("Runs").get(0);
    Map<String, Selection> vars = variables(Map.of("source", List.of(oldest.source()), "object", List.of(oldest.object())));
    int expected = legacy.of(Set.of(oldest.source())).stream().filter(r -> r.object().equals(oldest.object())).toList().size();
    List<LogLine> lines =
        awaitAnswer(what + ": " + expected + " log lines in " + runs.where() + " for its source and object",
                () -> runner.run(runs, vars, range()), r -> r.lines().size() == expected, Result::describe)
            .lines();
    LogLine record =
        lines.stream()
            .min(Comparator.comparing(l -> Instant.parse(l.labels().getOrDefault("ingestion_run_ended_at", "9999-12-31T00:00:00Z"))))
            .orElseThrow();
    Instant runEnd = Instant.parse(record.labels().get("ingestion_run_ended_at"));
    assertThat(Duration.between(runEnd, record.time()))
        .as("%s: its run ended long before it was processed (rebased replay)", what)
        .isGreaterThan(Duration.ofHours(12));
    String traceId = LogLinks.derivedValue(traceIdField(), record.line(), record.labels()).orElseThrow();

    DataLink link =
        dashboard.dataLinks().stream()
            .filter(l -> l.panelTitle().equals(runs.panelTitle()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("panel \"Runs\" has no trace link"));
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    TimeRange dashboardRange = new TimeRange(now.minus(relative(dashboard.defaultFrom())), now);
    Map<String, String> scoped =
        Map.of(
            "__value.raw", traceId,
            "__org", "1",
            "__from", String.valueOf(dashboardRange.from().toEpochMilli()),
            "__to", String.valueOf(dashboardRange.to().toEpochMilli()));
    String url = TemplateInterpolation.interpolate(link.url(), datasourceVariables, scoped, Map.of(), Dialect.TEXT);
    assertThat(TemplateInterpolation.unresolved(url)).as("link \"%s\" of panel Runs: variables left", link.title()).isEmpty();
    ExploreLink explore = ExploreLink.parse(url);
    assertThat(datasources.typeOf(explore.datasourceUid())).as("link \"%s\" opens", link.title()).isEqualTo("tempo");
    List<TraceSpan> trace = traceOf(explore.query(), explore.range(), what + ", link \"" + link.title() + "\" of panel Runs");
    assertRunTrace(trace, what, oldest);

    TimeRange lookup = SpanLinks.traceLookupWindow(explore.range(), datasources.traceQuery(tempoUid));
    for (TraceSpan span : trace) {
      assertThat(lookup.contains(span.span().start()) && lookup.contains(span.span().end()))
          .as("%s: the trace-id lookup window %s (dashboard range %s, Tempo traceQuery shifts) must cover span %s (%s to %s)",
              what, lookup, dashboardRange, span.span().name(), span.span().start(), span.span().end())
          .isTrue();
    }
    for (TraceSpan span : trace) {
      assertSpanLinksToLog(span, traceId, oldest.description(), what);
    }
  }

  /** The run-duration panels' exemplars carry trace ids that Tempo knows. */
  @Test
  @Order(5)
  void exemplarsOfTheDurationHistogramLeadToTraces() {
    List<PanelQuery> withExemplars = dashboard.panelQueries().stream().filter(PanelQuery::exemplars).toList();
    assertThat(withExemplars).as("dashboard queries with exemplars").isNotEmpty();
    String label = datasources.exemplarDestinations(prometheusUid).stream()
        .filter(d -> d.datasourceUid().equals(tempoUid))
        .findFirst()
        .orElseThrow(() -> new AssertionError("Prometheus has no exemplar link to Tempo"))
        .name();
    for (PanelQuery q : withExemplars) {
      // The range ends now at each try: exemplars carry the time of their measurement.
      Callable<JsonNode> exemplars = () -> {
        QueryInterval interval = QueryInterval.of(range(), q.maxDataPoints(), datasources.timeInterval(prometheusUid));
        String expr = TemplateInterpolation.interpolate(q.expr(), variables(Map.of()), Map.of(), interval.builtIns(), Dialect.PROMETHEUS);
        return prometheus.exemplars(expr, interval.alignedStart(), interval.alignedEnd());
      };
      JsonNode found =
          awaitAnswer("exemplars with a " + label + " label for " + q.where() + " (" + q.expr() + ")",
              exemplars, data -> !exemplarTraceIds(data, label).isEmpty(), JsonHttp::abbreviateJson);
      Set<String> traceIds = exemplarTraceIds(found, label);
      traceIds.stream().limit(3).forEach(id -> traceOf(id, range(), "exemplar " + label + "=" + id + " of " + q.where()));
    }
  }

  /** Tempo's service graph (the trace view's service map) reaches Prometheus: producer to processor. */
  @Test
  @Order(6)
  void serviceGraphMetricsReachPrometheus() {
    assertThat(datasources.serviceMapDatasource(tempoUid)).isEqualTo(prometheusUid);
    String expr = "traces_service_graph_request_total{client=\"ingest-producer\", server=\"ingest-processor\"}";
    waitFor("Tempo's service graph in Prometheus: " + expr)
        .atMost(DATA_TIMEOUT)
        .pollInterval(POLL)
        .untilAsserted(() -> assertThat(PanelQueryRunner.series(prometheus.instant(expr, Instant.now())))
            .as("%s at %s", expr, prometheus.url("/api/v1/query", Map.of("query", expr)))
            .isNotEmpty());
  }

  /** The span-to-metrics links of the processor span of a FAILED run return its source's series. */
  @Test
  @Order(7)
  void processorSpanLinksToItsSourceMetrics() {
    LegacyRuns.Run failed = legacy.failedRuns().get(0);
    PanelQuery failedRuns = queriesOf("Five most recent failed runs").get(0);
    Map<String, Selection> vars = variables(Map.of("source", List.of(failed.source()), "object", List.of(failed.object())));
    LogLine record =
        awaitAnswer("FAILED run " + failed.source() + "/" + failed.object() + " in " + failedRuns.where(),
            () -> runner.run(failedRuns, vars, range()), r -> !r.lines().isEmpty(), Result::describe).lines().get(0);
    String traceId = LogLinks.derivedValue(traceIdField(), record.line(), record.labels()).orElseThrow();
    TraceSpan process =
        traceOf(traceId, range(), "trace of a FAILED run").stream()
            .filter(s -> s.kind().contains("CONSUMER"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("trace " + traceId + " has no CONSUMER span"));
    TracesToMetrics config = datasources.tracesToMetrics(tempoUid);
    TimeRange window = SpanLinks.metricsWindow(process.span(), config);
    QueryInterval interval = QueryInterval.of(window, Dashboard.WINDOW_WIDTH_PX, datasources.timeInterval(prometheusUid));
    for (Map.Entry<String, String> q : config.queries().entrySet()) {
      String expr = SpanLinks.metricsQuery(process.span(), config, q.getValue());
      assertThat(SpanLinks.undefinedVariables(expr)).as("span-to-metrics link \"%s\": variables left", q.getKey()).isEmpty();
      waitFor("span-to-metrics link \"" + q.getKey() + "\" of span " + process.span().name())
          .atMost(DATA_TIMEOUT)
          .pollInterval(POLL)
          .untilAsserted(() -> assertThat(PanelQueryRunner.series(prometheus.range(expr, interval.alignedStart(), interval.alignedEnd(), interval.step())))
              .as("span-to-metrics link \"%s\": %s over %s", q.getKey(), expr, window)
              .isNotEmpty());
    }
  }

  // ------------------------------------------------------------------ alerts

  /**
   * The alerts the scenario makes fire are firing, for exactly the expected sources, objects and
   * reasons; every other rule of the rule files is neither pending nor firing.
   */
  @Test
  @Order(8)
  void alertsOfTheScenarioFireAndNoOther() {
    Map<String, Set<Map<String, String>>> expected = expectedAlerts();
    Set<String> ruleAlerts = ruleAlertNames();
    assertThat(ruleAlerts).as("alerts the tier expects must exist in prometheus/rules").containsAll(expected.keySet());
    waitFor("alerts of the scenario (rules are evaluated every minute)")
        .atMost(ALERT_TIMEOUT)
        .pollInterval(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              Map<String, Set<Map<String, String>>> firing = new TreeMap<>();
              Map<String, Set<Map<String, String>>> pending = new TreeMap<>();
              for (JsonNode alert : prometheus.alerts()) {
                String name = alert.path("labels").path("alertname").asText();
                Map<String, String> keys = new TreeMap<>();
                for (String key : List.of("ingestion_source", "ingestion_object", "error_type")) {
                  if (alert.path("labels").has(key)) {
                    keys.put(key, alert.path("labels").path(key).asText());
                  }
                }
                ("firing".equals(alert.path("state").asText()) ? firing : pending).computeIfAbsent(name, n -> new LinkedHashSet<>()).add(keys);
              }
              assertThat(firing).as("firing alerts (pending: %s)", pending).isEqualTo(expected);
              assertThat(pending).as("pending alerts").isEmpty();
            });
  }

  /** What the scenario must fire, computed from logs.json and the scenario's own steps. */
  private Map<String, Set<Map<String, String>>> expectedAlerts() {
    double maxFailureRate = ruleThreshold("IngestionFailureRateHigh");
    double burstFailures = ruleThreshold("IngestionErrorBurst");
    Map<String, Set<Map<String, String>>> expected = new TreeMap<>();
    Set<Map<String, String>> failedObjects = new LinkedHashSet<>();
    legacy.failedRuns().forEach(r -> failedObjects.add(sourceObject(r.source(), r.object())));
    failedObjects.add(sourceObject(Scenario.BURST_SOURCE, Scenario.BURST_OBJECT));
    expected.put("IngestionRunFailed", failedObjects);

    Set<Map<String, String>> highRate = new LinkedHashSet<>();
    legacy.sources().stream().filter(s -> legacy.failureRate(Set.of(s)) > maxFailureRate).forEach(s -> highRate.add(Map.of("ingestion_source", s)));
    highRate.add(Map.of("ingestion_source", Scenario.BURST_SOURCE));
    expected.put("IngestionFailureRateHigh", highRate);

    Set<Map<String, String>> bursts = new LinkedHashSet<>();
    legacy.failedRuns().stream()
        .collect(Collectors.groupingBy(r -> sourceObject(r.source(), r.object()), Collectors.counting()))
        .forEach((pair, n) -> {
          if (n > burstFailures) {
            bursts.add(pair);
          }
        });
    bursts.add(sourceObject(Scenario.BURST_SOURCE, Scenario.BURST_OBJECT));
    expected.put("IngestionErrorBurst", bursts);

    // The replay's runs stay under the resource thresholds; only the heavy burst source is over.
    assertThat(legacy.all()).as("logs.json runs under 150 MiB and 60 s of CPU (else the expectations below change)")
        .allMatch(r -> r.memoryBytes() <= 150L * 1024 * 1024 && r.cpuTimeS() <= 60);
    expected.put("IngestionMemoryHigh", Set.of(Map.of("ingestion_source", Scenario.BURST_SOURCE)));
    expected.put("IngestionCpuTimeHigh", Set.of(Map.of("ingestion_source", Scenario.BURST_SOURCE)));

    Set<Map<String, String>> silent = new LinkedHashSet<>();
    for (String source : legacy.sources()) {
      if (Duration.between(legacy.lastEnd(source), legacy.newestEnd()).compareTo(Duration.ofMinutes(75)) > 0) {
        silent.add(Map.of("ingestion_source", source));
      }
    }
    if (!silent.isEmpty()) {
      expected.put("IngestionSourceSilent", silent);
    }

    expected.put(
        "IngestionEventsRejected",
        Scenario.BAD_MESSAGES.values().stream().map(t -> Map.of("error_type", t)).collect(Collectors.toCollection(LinkedHashSet::new)));
    expected.put("IngestionRecordsRejected", Set.of(Map.of("error_type", Scenario.BROKEN_LEGACY_REASON)));
    return expected;
  }

  private static Map<String, String> sourceObject(String source, String object) {
    return Map.of("ingestion_source", source, "ingestion_object", object);
  }

  // ------------------------------------------------------------------ every query

  /**
   * Every query of every panel and every annotation returns data, with all variables at All,
   * except the ones {@link #NO_DATA_HERE} lists. Runs last: "Firing alerts" needs the alerts.
   */
  @Test
  @Order(9)
  void everyDashboardQueryReturnsData() {
    List<PanelQuery> queries = new ArrayList<>(dashboard.panelQueries());
    queries.addAll(dashboard.annotationQueries());
    Set<String> keys = queries.stream().map(q -> q.panelTitle() + "/" + q.refId()).collect(Collectors.toSet());
    assertThat(keys).as("queries listed in NO_DATA_HERE must exist in the dashboard").containsAll(NO_DATA_HERE.keySet());
    List<PanelQuery> pending =
        queries.stream().filter(q -> !NO_DATA_HERE.containsKey(q.panelTitle() + "/" + q.refId())).collect(Collectors.toList());
    Map<String, String> lastAnswers = new LinkedHashMap<>();
    waitFor("every dashboard query returns data")
        .atMost(DATA_TIMEOUT)
        .pollInterval(POLL)
        .untilAsserted(
            () -> {
              lastAnswers.clear();
              pending.removeIf(
                  q -> {
                    Result r = runner.run(q, variables(Map.of()), range());
                    if (r.isEmpty()) {
                      lastAnswers.put(q.where(), r.describe());
                      return false;
                    }
                    return true;
                  });
              assertThat(lastAnswers.values())
                  .as("dashboard %s: queries without data (%s)", dashboard.file(), scenario.outputs())
                  .isEmpty();
            });
  }

  // ------------------------------------------------------------------ helpers

  /** Awaitility that checks at once, then every {@link #POLL} (its default waits one interval first). */
  private static ConditionFactory waitFor(String what) {
    return await(what).pollDelay(Duration.ZERO);
  }

  /**
   * Polls {@code probe} until {@code ok}; on timeout fails with {@code what} and the last answer,
   * described: which panel, query or link broke, and what came back.
   */
  private static <T> T awaitAnswer(String what, Callable<T> probe, Predicate<T> ok, Function<T, String> describe) {
    AtomicReference<T> last = new AtomicReference<>();
    try {
      waitFor(what).atMost(DATA_TIMEOUT).pollInterval(POLL).until(() -> {
        T value = probe.call();
        last.set(value);
        return ok.test(value);
      });
      return last.get();
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(what + ", not within " + DATA_TIMEOUT + "; last answer: "
          + (last.get() == null ? "none" : describe.apply(last.get())), e);
    }
  }

  /** The dashboard's time range for this scenario: from its start to now. */
  private TimeRange range() {
    return new TimeRange(scenario.startedAt().truncatedTo(ChronoUnit.SECONDS), Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  /** The dashboard's variables: All, except the values given. */
  private Map<String, Selection> variables(Map<String, List<String>> picked) {
    Map<String, Selection> vars = new LinkedHashMap<>(datasourceVariables);
    for (QueryVariable v : dashboard.queryVariables()) {
      List<String> values = picked.get(v.name());
      vars.put(v.name(), values == null
          ? new Selection(v.name(), List.of(), true, v.allValue(), v.multi(), v.includeAll())
          : new Selection(v.name(), values, false, v.allValue(), v.multi(), v.includeAll()));
    }
    return vars;
  }

  private List<PanelQuery> queriesOf(String title) {
    List<PanelQuery> queries = dashboard.panelQueries().stream().filter(q -> q.panelTitle().equals(title)).toList();
    assertThat(queries).as("panel \"%s\" in %s", title, dashboard.file()).isNotEmpty();
    return queries;
  }

  private DashboardFigures.Buckets buckets() {
    return new DashboardFigures.Buckets(
        bounds("ingestion_run_duration_seconds_bucket"),
        bounds("ingestion_run_cpu_time_seconds_bucket"),
        bounds("ingestion_run_memory_bytes_bucket"));
  }

  /** The finite {@code le} bounds the backend holds for a histogram. */
  private List<Double> bounds(String bucketMetric) {
    TimeRange range = range();
    List<Double> bounds =
        prometheus.labelValues("le", bucketMetric, range.from().getEpochSecond(), range.to().getEpochSecond() + 1, 0).stream()
            .filter(v -> !v.equals("+Inf"))
            .map(Double::parseDouble)
            .sorted()
            .toList();
    assertThat(bounds).as("buckets of %s in Prometheus", bucketMetric).isNotEmpty();
    return bounds;
  }

  private DerivedField traceIdField() {
    return datasources.derivedFields(lokiUid).stream()
        .filter(f -> tempoUid.equals(f.datasourceUid()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("Loki has no derived field linking to Tempo"));
  }

  /**
   * The trace a trace-id lookup returns, asked as Grafana's Tempo data source asks: the range of
   * the panel or Explore, widened by {@code traceQuery}.
   */
  private List<TraceSpan> traceOf(String traceId, TimeRange range, String what) {
    TimeRange window = SpanLinks.traceLookupWindow(range, datasources.traceQuery(tempoUid));
    return awaitAnswer(
            what + ": trace " + traceId + " with its three spans in Tempo (" + tempo.url("/api/v2/traces/" + traceId) + ", window " + window + ")",
            () -> tempo.trace(traceId, window), t -> t.isPresent() && t.get().size() >= 3,
            t -> t.map(spans -> spans.size() + " spans: " + spans).orElse("no such trace"))
        .orElseThrow();
  }

  /** One trace of three spans: run, publish (producer), process (processor), parent to child. */
  private static void assertRunTrace(List<TraceSpan> trace, String what, LegacyRuns.Run run) {
    assertThat(trace).as("%s: spans of its trace", what).hasSize(3);
    Map<String, TraceSpan> byName = trace.stream().collect(Collectors.toMap(s -> s.span().name(), s -> s, (a, b) -> a));
    assertThat(byName).as("%s: span names", what).containsOnlyKeys("ingestion.run", "ingestion-logs publish", "ingestion-logs process");
    TraceSpan root = byName.get("ingestion.run");
    TraceSpan publish = byName.get("ingestion-logs publish");
    TraceSpan process = byName.get("ingestion-logs process");
    assertThat(List.of(root.service(), publish.service(), process.service()))
        .as("%s: services of run, publish, process", what)
        .containsExactly("ingest-producer", "ingest-producer", "ingest-processor");
    assertThat(root.parentSpanId()).as("%s: ingestion.run is the root", what).isEmpty();
    assertThat(publish.parentSpanId()).as("%s: publish is a child of ingestion.run", what).isEqualTo(root.span().spanId());
    assertThat(process.parentSpanId()).as("%s: process is a child of publish", what).isEqualTo(publish.span().spanId());
    assertThat(root.span().tags())
        .as("%s: attributes of ingestion.run", what)
        .containsEntry("ingestion.source", run.source())
        .containsEntry("ingestion.object", run.object())
        .containsEntry("ingestion.status", run.status());
    if (run.failed()) {
      assertThat(root.statusCode()).as("%s: status of ingestion.run", what).contains("ERROR");
    }
  }

  /** The span-to-logs link of this span, in its own time window, finds the run's log record. */
  private void assertSpanLinksToLog(TraceSpan span, String traceId, String line, String what) {
    TracesToLogs config = datasources.tracesToLogs(tempoUid);
    assertThat(config.datasourceUid()).isEqualTo(lokiUid);
    TimeRange window = SpanLinks.logsWindow(span.span(), config);
    String query = SpanLinks.logsQuery(span.span(), config);
    assertThat(SpanLinks.undefinedVariables(query)).as("span-to-logs query: variables left").isEmpty();
    List<LogLine> found = loki.logs(query, window.from(), window.to(), datasources.maxLines(lokiUid));
    assertThat(found)
        .as("%s: span-to-logs link of span %s (%s, %s to %s) runs %s over %s; Loki returned %s",
            what, span.span().name(), span.service(), span.span().start(), span.span().end(), query, window, found)
        .anySatisfy(l -> {
          assertThat(l.labels()).containsEntry("trace_id", traceId);
          assertThat(l.line()).isEqualTo(line);
        });
  }

  private static Set<String> exemplarTraceIds(JsonNode data, String label) {
    Set<String> ids = new LinkedHashSet<>();
    for (JsonNode series : data) {
      for (JsonNode exemplar : series.path("exemplars")) {
        String id = exemplar.path("labels").path(label).asText("");
        if (!id.isEmpty()) {
          ids.add(id);
        }
      }
    }
    return ids;
  }

  /** {@code now-24h} of a dashboard's time settings, as a duration. */
  static Duration relative(String from) {
    assertThat(from).as("dashboard default range").startsWith("now-");
    return GrafanaDuration.parse(from.substring("now-".length()));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rules() {
    List<Map<String, Object>> rules = new ArrayList<>();
    try (var files = java.nio.file.Files.list(RepoRoot.resolve("prometheus", "rules"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList()) {
        Map<String, Object> root = new Yaml().load(java.nio.file.Files.readString(file));
        for (Object group : (List<Object>) root.get("groups")) {
          rules.addAll((List<Map<String, Object>>) ((Map<String, Object>) group).get("rules"));
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return rules;
  }

  private static Set<String> ruleAlertNames() {
    return rules().stream().filter(r -> r.containsKey("alert")).map(r -> String.valueOf(r.get("alert"))).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The number an alert's expression compares with last ({@code ... > 0.02}). */
  private static double ruleThreshold(String alert) {
    String expr = rules().stream().filter(r -> alert.equals(r.get("alert"))).map(r -> String.valueOf(r.get("expr"))).findFirst()
        .orElseThrow(() -> new AssertionError("alert " + alert + " not in prometheus/rules"));
    Matcher m = Pattern.compile(">\\s*([0-9.]+)\\s*$").matcher(expr.trim());
    assertThat(m.find()).as("threshold of %s in %s", alert, expr).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
