package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * grafana/dashboards/ingestion-health.json: importable anywhere (data sources only through
 * variables), every panel described, with units and thresholds where it shows numbers, and the
 * sections and links the specification asks for.
 */
class DashboardStructureTest {

  /** Panel types where a unit or thresholds mean nothing. */
  private static final Set<String> NO_UNIT = Set.of("row", "text", "table", "alertlist", "logs");
  /** Plain counts with no bad value: their single threshold step is only a colour. */
  private static final Set<String> NEUTRAL_COUNTS = Set.of("Successful runs", "Sources reporting");
  private static final Map<String, String> DATASOURCE_VARIABLES =
      Map.of("prom_ds", "prometheus", "loki_ds", "loki", "tempo_ds", "tempo");

  private final JsonNode dashboard = GrafanaTestFiles.dashboard();
  private final List<JsonNode> panels = GrafanaTestFiles.panels(dashboard);

  @Test
  void isAFileProvisionedDashboardWithAStableUid() throws Exception {
    assertThat(dashboard.path("uid").asText()).isEqualTo("ingestion-health");
    assertThat(dashboard.path("title").asText()).isNotBlank();
    assertThat(dashboard.has("id")).as("no instance-specific id").isFalse();
    assertThat(dashboard.has("__inputs")).as("no import-time inputs: data sources are variables").isFalse();
    // Written with a 2-space indent, so diffs stay readable.
    String text = RepoFiles.read(RepoFiles.path(GrafanaTestFiles.DASHBOARD));
    assertThat(text).contains("\n  \"panels\": [").doesNotContain("\t");
    assertThat(new ObjectMapper().readTree(text)).isEqualTo(dashboard);
  }

  @Test
  void panelIdsAreUniqueAndPanelsDoNotOverlap() {
    List<Integer> ids = panels.stream().map(p -> p.path("id").asInt()).toList();
    assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
    List<String> overlaps = new ArrayList<>();
    for (int i = 0; i < panels.size(); i++) {
      JsonNode a = panels.get(i).path("gridPos");
      assertThat(a.path("x").asInt() + a.path("w").asInt())
          .as("panel '%s' fits in 24 columns", panels.get(i).path("title").asText())
          .isLessThanOrEqualTo(24);
      for (int j = i + 1; j < panels.size(); j++) {
        JsonNode b = panels.get(j).path("gridPos");
        boolean apart =
            a.path("x").asInt() + a.path("w").asInt() <= b.path("x").asInt()
                || b.path("x").asInt() + b.path("w").asInt() <= a.path("x").asInt()
                || a.path("y").asInt() + a.path("h").asInt() <= b.path("y").asInt()
                || b.path("y").asInt() + b.path("h").asInt() <= a.path("y").asInt();
        if (!apart) {
          overlaps.add(panels.get(i).path("title").asText() + " / " + panels.get(j).path("title").asText());
        }
      }
    }
    assertThat(overlaps).isEmpty();
  }

  @Test
  void everyPanelHasADescription() {
    List<String> missing =
        panels.stream()
            .filter(p -> !p.path("type").asText().equals("row"))
            .filter(p -> p.path("description").asText().isBlank())
            .map(p -> p.path("title").asText())
            .toList();
    assertThat(missing).isEmpty();
  }

  @Test
  void everyPanelShowingNumbersHasAUnitAndThresholds() {
    List<String> problems = new ArrayList<>();
    for (JsonNode panel : panels) {
      String type = panel.path("type").asText();
      if (NO_UNIT.contains(type)) {
        continue;
      }
      JsonNode defaults = panel.path("fieldConfig").path("defaults");
      String title = panel.path("title").asText();
      if (defaults.path("unit").asText().isBlank()) {
        problems.add(title + ": no unit");
      }
      if (type.equals("heatmap") && panel.path("options").path("yAxis").path("unit").asText().isBlank()) {
        problems.add(title + ": no unit on the bucket axis");
      }
      if (defaults.path("thresholds").path("steps").isEmpty()) {
        problems.add(title + ": no thresholds");
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void statsAndGaugesColourAgainstARealThreshold() {
    List<String> flat =
        panels.stream()
            .filter(p -> Set.of("stat", "bargauge", "gauge").contains(p.path("type").asText()))
            .filter(p -> !NEUTRAL_COUNTS.contains(p.path("title").asText()))
            .filter(p -> p.path("fieldConfig").path("defaults").path("thresholds").path("steps").size() < 2)
            .map(p -> p.path("title").asText())
            .toList();
    assertThat(flat).isEmpty();
  }

  @Test
  void dataSourcesAreChosenThroughVariablesOnly() {
    Set<String> provisioned =
        GrafanaTestFiles.datasources().stream().map(d -> String.valueOf(d.get("uid"))).collect(Collectors.toSet());
    List<String> problems = new ArrayList<>();
    GrafanaTestFiles.fields(dashboard)
        .filter(e -> e.getKey().equals("datasource") && e.getValue().isObject())
        .map(e -> e.getValue())
        .forEach(ds -> {
          String uid = ds.path("uid").asText();
          String type = ds.path("type").asText();
          if (type.equals("grafana") && uid.equals("-- Grafana --")) {
            return; // the built-in annotations
          }
          String variable = uid.replaceAll("^\\$\\{(\\w+)}$", "$1");
          if (provisioned.contains(uid)) {
            problems.add(ds + ": a fixed uid does not exist in Grafana Cloud; use a data source variable");
          } else if (!DATASOURCE_VARIABLES.containsKey(variable)) {
            problems.add(ds + ": not a data source variable");
          } else if (!DATASOURCE_VARIABLES.get(variable).equals(type)) {
            problems.add(ds + ": variable " + variable + " holds a " + DATASOURCE_VARIABLES.get(variable) + " data source");
          }
        });
    assertThat(problems).isEmpty();
  }

  @Test
  void dataSourceVariablesResolveToProvisionedDataSources() {
    Set<String> provisionedTypes =
        GrafanaTestFiles.datasources().stream().map(d -> String.valueOf(d.get("type"))).collect(Collectors.toSet());
    for (Map.Entry<String, String> expected : DATASOURCE_VARIABLES.entrySet()) {
      JsonNode variable = variable(expected.getKey());
      assertThat(variable.path("type").asText()).isEqualTo("datasource");
      assertThat(variable.path("query").asText()).isEqualTo(expected.getValue());
      assertThat(provisionedTypes).as("a provisioned %s data source", expected.getValue()).contains(expected.getValue());
    }
  }

  @Test
  void filterVariablesAreMultiValueLabelQueriesOnRuns() {
    GrafanaTestFiles.FILTER_VARIABLES.forEach((name, label) -> {
      JsonNode variable = variable(name);
      assertThat(variable.path("type").asText()).as(name).isEqualTo("query");
      assertThat(variable.path("multi").asBoolean()).as(name + " multi-value").isTrue();
      assertThat(variable.path("includeAll").asBoolean()).as(name + " has All").isTrue();
      assertThat(variable.path("allValue").asText()).as(name + " All matches everything").isEqualTo(".*");
      assertThat(variable.path("datasource").path("uid").asText()).isEqualTo("${prom_ds}");
      String query = variable.path("query").path("query").asText(variable.path("query").asText());
      assertThat(query).as(name).matches("label_values\\(ingestion_runs_total(\\{.*})?, " + label + "\\)");
    });
  }

  @Test
  void everyVariableIsUsed() {
    // Panels, annotations and links; not the variable definitions themselves.
    String used = dashboard.path("panels").toString() + dashboard.path("annotations");
    Set<String> unused = new TreeSet<>();
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      String name = variable.path("name").asText();
      if (!Pattern.compile("\\$\\{?" + name + "\\b").matcher(used).find()) {
        unused.add(name);
      }
    }
    assertThat(unused).isEmpty();
  }

  @Test
  void hasTheSpecifiedSections() {
    List<String> rows =
        panels.stream().filter(p -> p.path("type").asText().equals("row")).map(p -> p.path("title").asText()).toList();
    assertThat(rows).hasSize(6);
    assertThat(String.join("|", rows))
        .contains("Overview", "Reliability", "Performance", "Connector details", "Last errors", "Pipeline health");
  }

  @Test
  void logTablesLinkEachRunToItsTraceOnTheTempoVariable() {
    List<JsonNode> logTables =
        panels.stream()
            .filter(p -> p.path("type").asText().equals("table"))
            .filter(p -> p.path("datasource").path("type").asText().equals("loki"))
            .toList();
    assertThat(logTables).hasSize(2);
    for (JsonNode table : logTables) {
      List<String> urls = new ArrayList<>();
      for (JsonNode override : table.path("fieldConfig").path("overrides")) {
        if (override.path("matcher").path("options").asText().equals("trace_id")) {
          for (JsonNode property : override.path("properties")) {
            property.path("value").forEach(link -> urls.add(link.path("url").asText()));
          }
        }
      }
      assertThat(urls).as(table.path("title").asText()).hasSize(1);
      String url = java.net.URLDecoder.decode(urls.get(0), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(url)
          .startsWith("/explore?")
          .contains("\"uid\":\"${tempo_ds}\"", "\"datasource\":\"${tempo_ds}\"", "\"query\":\"${__value.raw}\"");
      // The column the link sits on survives the transformations.
      assertThat(table.path("transformations").toString()).contains("\"trace_id\"");
    }
  }

  @Test
  void lastErrorsAreTheFiveNewestFailedRuns() {
    JsonNode panel =
        panels.stream().filter(p -> p.path("title").asText().contains("failed runs")).findFirst().orElseThrow();
    JsonNode target = panel.path("targets").get(0);
    assertThat(target.path("maxLines").asInt()).isEqualTo(5);
    assertThat(GrafanaTestFiles.logql(target.path("expr").asText()).filters())
        .contains(new GrafanaTestFiles.LabelMatcher("ingestion_status", "=", "FAILED"));
  }

  @Test
  void latencyPanelShowsExemplars() {
    JsonNode panel =
        panels.stream().filter(p -> p.path("title").asText().startsWith("Run duration p50")).findFirst().orElseThrow();
    assertThat(panel.path("targets")).hasSize(3).allSatisfy(t -> assertThat(t.path("exemplar").asBoolean()).isTrue());
  }

  private JsonNode variable(String name) {
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("name").asText().equals(name)) {
        return variable;
      }
    }
    throw new AssertionError("no dashboard variable " + name);
  }
}
