package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.stack.GrafanaTestFiles.Telemetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * prometheus/rules/ingestion-alerts.yml without running it: names from docs/telemetry.md, the
 * annotations an on-call person needs, a runbook section per alert, a unit test per alert, and
 * only the rule-file keys both Prometheus and `mimirtool rules load` accept.
 */
class AlertRulesContractTest {

  private static final Set<String> GROUP_KEYS = Set.of("name", "interval", "rules");
  private static final Set<String> RULE_KEYS = Set.of("record", "alert", "expr", "for", "labels", "annotations");

  private final Map<String, Object> file = RepoYaml.load(RepoFiles.path(GrafanaTestFiles.RULES));
  private final List<Map<String, Object>> groups =
      RepoYaml.list(file.get("groups")).stream().map(RepoYaml::map).toList();
  private final List<Map<String, Object>> rules =
      groups.stream().flatMap(g -> RepoYaml.list(g.get("rules")).stream().map(RepoYaml::map)).toList();
  private final List<Map<String, Object>> alerts = rules.stream().filter(r -> r.containsKey("alert")).toList();

  @Test
  void usesOnlyKeysPrometheusAndMimirtoolBothAccept() {
    assertThat(file.keySet()).containsExactly("groups");
    assertThat(groups).allSatisfy(g -> assertThat(GROUP_KEYS).containsAll(g.keySet()));
    assertThat(rules).allSatisfy(r -> assertThat(RULE_KEYS).containsAll(r.keySet()));
    List<String> names = groups.stream().map(g -> String.valueOf(g.get("name"))).toList();
    assertThat(new HashSet<>(names)).hasSameSizeAs(names);
  }

  @Test
  void coversTheSpecifiedAlerts() {
    assertThat(alerts).extracting(a -> a.get("alert"))
        .contains(
            "IngestionRunFailed", "IngestionFailureRateHigh", "IngestionSourceSilent",
            "IngestionLatencyDegraded", "IngestionMemoryHigh", "IngestionCpuTimeHigh",
            "IngestionErrorBurst", "IngestionProcessorDown", "IngestionProcessorStalled",
            "IngestionConsumerLagGrowing", "IngestionEventsRejected", "IngestionRecordsRejected");
  }

  @Test
  void expressionsUseOnlyContractNamesAndTheirOwnRecordingRules() {
    Telemetry telemetry = GrafanaTestFiles.telemetry();
    Set<String> recorded = new TreeSet<>();
    rules.stream().filter(r -> r.containsKey("record")).forEach(r -> recorded.add(String.valueOf(r.get("record"))));
    List<String> problems = new ArrayList<>();
    for (Map<String, Object> rule : rules) {
      String name = String.valueOf(rule.getOrDefault("alert", rule.get("record")));
      problems.addAll(GrafanaTestFiles.promqlProblems(name, String.valueOf(rule.get("expr")), telemetry, recorded));
    }
    assertThat(problems).isEmpty();
  }

  /**
   * A group evaluates its rules in order; different groups run independently, so an alert reading
   * a recording rule of another group would see the previous evaluation's value.
   */
  @Test
  void recordingRulesAreDefinedEarlierInTheGroupThatReadsThem() {
    Set<String> recorded = new TreeSet<>();
    rules.stream().filter(r -> r.containsKey("record")).forEach(r -> recorded.add(String.valueOf(r.get("record"))));
    List<String> problems = new ArrayList<>();
    for (Map<String, Object> group : groups) {
      Set<String> seen = new HashSet<>();
      for (Object item : RepoYaml.list(group.get("rules"))) {
        Map<String, Object> rule = RepoYaml.map(item);
        for (var selector : GrafanaTestFiles.promql(String.valueOf(rule.get("expr"))).selectors()) {
          if (recorded.contains(selector.metric()) && !seen.contains(selector.metric())) {
            problems.add(rule.getOrDefault("alert", rule.get("record")) + " reads " + selector.metric() + " before it is recorded in its group");
          }
        }
        if (rule.containsKey("record")) {
          seen.add(String.valueOf(rule.get("record")));
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void histogramQuantilesSumBucketsByLe() {
    Matcher quantile = Pattern.compile("histogram_quantile\\(\\s*[0-9.]+,\\s*(\\w+)").matcher(allExpressions());
    int count = 0;
    while (quantile.find()) {
      count++;
      assertThat(allExpressions().substring(quantile.start(1))).startsWith("sum by (le");
    }
    assertThat(count).isPositive();
  }

  @Test
  void everyAlertHasSeveritySummaryDescriptionAndRunbook() {
    for (Map<String, Object> alert : alerts) {
      String name = String.valueOf(alert.get("alert"));
      Map<String, Object> labels = RepoYaml.map(alert.get("labels"));
      Map<String, Object> annotations = RepoYaml.map(alert.get("annotations"));
      assertThat(labels.get("severity")).as(name).isIn("critical", "warning");
      assertThat(String.valueOf(annotations.get("summary"))).as(name).isNotBlank();
      // An absent() alert's value is always 1: it names what is missing instead.
      boolean absent = String.valueOf(alert.get("expr")).startsWith("absent");
      assertThat(String.valueOf(annotations.get("description")))
          .as(name + " shows the value")
          .contains(absent ? "{{ $labels." : "{{ $value");
      assertThat(annotations.get("runbook_url")).as(name).isEqualTo("docs/alerts.md#" + name.toLowerCase());
    }
  }

  /** The runbook anchors exist: GitHub turns "### IngestionRunFailed" into #ingestionrunfailed. */
  @Test
  void everyRunbookSectionExists() {
    Set<String> headings = new TreeSet<>();
    for (String line : RepoFiles.lines("docs", "alerts.md")) {
      Matcher heading = Pattern.compile("^#{2,4} (\\w+)\\s*$").matcher(line);
      if (heading.matches()) {
        headings.add(heading.group(1));
      }
    }
    assertThat(headings).containsAll(alerts.stream().map(a -> String.valueOf(a.get("alert"))).toList());
  }

  /** Every alert has a promtool test case where it fires and one where it stays quiet. */
  @Test
  void everyAlertIsUnitTestedFiringAndQuiet() throws IOException {
    Set<String> fires = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    try (Stream<Path> files = Files.list(RepoFiles.path("prometheus", "tests"))) {
      for (Path test : files.filter(f -> f.toString().endsWith(".test.yml")).toList()) {
        Map<String, Object> suite = RepoYaml.load(test);
        assertThat(RepoYaml.list(suite.get("rule_files"))).as(test.toString()).containsExactly("../rules/ingestion-alerts.yml");
        for (Object testCase : RepoYaml.list(suite.get("tests"))) {
          for (Object check : RepoYaml.list(RepoYaml.map(testCase).get("alert_rule_test"))) {
            Map<String, Object> c = RepoYaml.map(check);
            (RepoYaml.list(c.get("exp_alerts")).isEmpty() ? quiet : fires).add(String.valueOf(c.get("alertname")));
          }
        }
      }
    }
    List<String> names = alerts.stream().map(a -> String.valueOf(a.get("alert"))).toList();
    assertThat(fires).as("alerts tested firing").containsAll(names);
    assertThat(quiet).as("alerts tested quiet").containsAll(names);
  }

  private String allExpressions() {
    StringBuilder text = new StringBuilder();
    rules.forEach(r -> text.append(r.get("expr")).append('\n'));
    return text.toString();
  }
}
