package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ingestlens.stack.GrafanaTestFiles.LabelMatcher;
import io.ingestlens.stack.GrafanaTestFiles.LogNames;
import io.ingestlens.stack.GrafanaTestFiles.Query;
import io.ingestlens.stack.GrafanaTestFiles.Selector;
import io.ingestlens.stack.GrafanaTestFiles.Telemetry;
import io.ingestlens.stack.RepoTool.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's queries: only names from docs/telemetry.md, every run panel filtered by every
 * variable, and valid PromQL.
 */
class DashboardQueriesTest {

  private final JsonNode dashboard = GrafanaTestFiles.dashboard();
  private final List<Query> queries = GrafanaTestFiles.queries(dashboard);
  private final Telemetry telemetry = GrafanaTestFiles.telemetry();

  @Test
  void everyPanelHasQueriesOnTheRightDataSource() {
    assertThat(queries).isNotEmpty();
    assertThat(queries).allSatisfy(q -> assertThat(q.expr()).as(q.where()).isNotBlank());
    assertThat(queries).extracting(Query::datasourceType).containsOnly("prometheus", "loki");
    assertThat(queries).filteredOn(q -> q.datasourceType().equals("loki")).isNotEmpty();
  }

  @Test
  void promqlUsesOnlyContractMetricsAndLabels() {
    List<String> problems = new ArrayList<>();
    for (Query query : queries) {
      if (query.datasourceType().equals("prometheus")) {
        problems.addAll(GrafanaTestFiles.promqlProblems(query.where(), query.expr(), telemetry, Set.of()));
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void variableQueriesUseOnlyContractMetricsAndLabels() {
    Pattern labelValues = Pattern.compile("label_values\\((.+), *(\\w+)\\)");
    List<String> problems = new ArrayList<>();
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (!variable.path("type").asText().equals("query")) {
        continue;
      }
      String query = variable.path("query").path("query").asText(variable.path("query").asText());
      Matcher m = labelValues.matcher(query);
      assertThat(m.matches()).as("variable %s: %s", variable.path("name").asText(), query).isTrue();
      String where = "variable " + variable.path("name").asText();
      problems.addAll(GrafanaTestFiles.promqlProblems(where, m.group(1), telemetry, Set.of()));
      String metric = GrafanaTestFiles.promql(m.group(1)).selectors().get(0).metric();
      if (!telemetry.metricLabels().getOrDefault(metric, Set.of()).contains(m.group(2))) {
        problems.add(where + ": " + metric + " has no label " + m.group(2));
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void logqlUsesOnlyLokiLabelsAndStructuredMetadataFromTheContract() {
    List<String> problems = new ArrayList<>();
    for (Query query : queries) {
      if (query.datasourceType().equals("loki")) {
        problems.addAll(GrafanaTestFiles.logqlProblems(query.where(), query.expr(), telemetry));
      }
    }
    assertThat(problems).isEmpty();
  }

  /**
   * A metric that carries a filter label (ingestion_source...) is always selected with that
   * label matched against its variable, so every panel follows the filters; the run log records
   * are filtered on the same names in structured metadata.
   */
  @Test
  void everyRunQueryFollowsEveryFilterVariable() {
    List<String> problems = new ArrayList<>();
    for (Query query : queries) {
      if (query.datasourceType().equals("prometheus")) {
        for (Selector selector : GrafanaTestFiles.promql(query.expr()).selectors()) {
          Set<String> labels =
              selector.metric().equals("ALERTS")
                  ? Set.copyOf(GrafanaTestFiles.FILTER_VARIABLES.values())
                  : telemetry.metricLabels().getOrDefault(selector.metric(), Set.of());
          GrafanaTestFiles.FILTER_VARIABLES.forEach((variable, label) -> {
            if (labels.contains(label) && !filtered(selector.matchers(), label, variable)) {
              problems.add(query.where() + ": " + selector.metric() + " not filtered by $" + variable);
            }
          });
        }
      } else {
        LogNames names = GrafanaTestFiles.logql(query.expr());
        GrafanaTestFiles.FILTER_VARIABLES.forEach((variable, label) -> {
          if (!filtered(names.filters(), label, variable)) {
            problems.add(query.where() + ": log query not filtered by $" + variable);
          }
        });
      }
    }
    assertThat(problems).isEmpty();
  }

  /** Rate-like panels count exact increments, so a label set first exported above 0 still shows. */
  @Test
  void runCountsDoNotUseIncrease() {
    List<String> increases =
        queries.stream()
            .filter(q -> q.expr().contains("ingestion_runs_total") && q.expr().matches("(?s).*\\b(increase|rate)\\(.*"))
            .map(Query::where)
            .toList();
    assertThat(increases).isEmpty();
  }

  /** Grafana variables replaced by sample values, every PromQL query must parse. */
  @Test
  void promqlParsesWithPromtool(@TempDir Path dir) throws IOException {
    Path promtool = RepoTool.promtool();
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    int n = 0;
    for (Query query : queries) {
      if (query.datasourceType().equals("prometheus")) {
        rules.append("      - record: dashboard_query_").append(n++).append('\n')
            .append("        expr: '").append(sample(query.expr()).replace("'", "''")).append("'\n");
      }
    }
    Path file = dir.resolve("dashboard-queries.yml");
    Files.writeString(file, rules, StandardCharsets.UTF_8);

    Result result = RepoTool.run(dir, promtool, "check", "rules", file.toString());

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains(n + " rules found");
  }

  private static String sample(String expr) {
    String out = expr;
    for (Map.Entry<String, String> e :
        Map.of("$__rate_interval", "1m", "$__interval", "1m", "$__range", "1h").entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    return out.replaceAll("\\$\\{?\\w+}?", ".*");
  }

  private static boolean filtered(List<LabelMatcher> matchers, String label, String variable) {
    return matchers.stream()
        .anyMatch(m -> m.label().equals(label) && m.op().equals("=~") && m.value().matches("\\$\\{?" + variable + "\\b.*"));
  }
}
