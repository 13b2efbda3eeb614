package io.ingestlens.e2e.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ingestlens.e2e.RepoRoot;
import io.ingestlens.e2e.grafana.Dashboard.PanelQuery;
import io.ingestlens.e2e.grafana.Dashboard.QueryVariable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tier reads the project's dashboard and data sources the way Grafana does. */
class RepoGrafanaFilesTest {

  private static final Path DASHBOARD = RepoRoot.resolve("grafana", "dashboards", "ingestion-health.json");
  private final Dashboard dashboard = Dashboard.read(DASHBOARD);
  private final Datasources datasources =
      Datasources.read(RepoRoot.resolve("grafana", "provisioning", "datasources", "datasources.yaml"));

  @Test
  void everyTargetOfEveryPanelIsAQueryNestedRowsIncluded() throws Exception {
    JsonNode root = new ObjectMapper().readTree(DASHBOARD.toFile());
    int targets = 0;
    for (JsonNode panel : root.path("panels")) {
      targets += panel.path("targets").size();
      for (JsonNode inner : panel.path("panels")) {
        targets += inner.path("targets").size();
      }
    }
    List<PanelQuery> queries = dashboard.panelQueries();
    assertThat(queries).hasSize(targets).allSatisfy(q -> assertThat(q.expr()).isNotBlank());
    assertThat(queries).filteredOn(q -> q.panelTitle().equals("Failed runs")).singleElement()
        .satisfies(q -> {
          assertThat(q.instant()).isTrue();
          assertThat(q.datasourceRef()).isEqualTo("${prom_ds}");
          assertThat(q.where()).isEqualTo("panel \"Failed runs\" (row \"Overview\"), query A");
        });
    assertThat(queries).filteredOn(q -> q.datasourceType().equals("loki") && !q.instant())
        .allSatisfy(q -> assertThat(q.maxLines()).isNotNull());
    assertThat(queries).filteredOn(PanelQuery::exemplars).isNotEmpty();
  }

  @Test
  void variablesAndLinksAreRead() {
    assertThat(dashboard.queryVariables()).extracting(QueryVariable::name).containsExactly("source", "object", "company", "zone");
    assertThat(dashboard.queryVariables()).allSatisfy(v -> {
      assertThat(v.allValue()).isEqualTo(".*");
      assertThat(v.query()).startsWith("label_values(");
    });
    assertThat(dashboard.datasourceVariables()).extracting(Dashboard.DatasourceVariable::pluginType)
        .containsExactly("prometheus", "loki", "tempo");
    assertThat(dashboard.dataLinks()).filteredOn(l -> l.panelTitle().equals("Runs")).singleElement()
        .satisfies(l -> assertThat(l.url()).startsWith("/explore").contains("${__value.raw}", "${tempo_ds}"));
    assertThat(dashboard.annotationQueries()).allSatisfy(q -> assertThat(q.fixedStep()).isEqualTo(Duration.ofMinutes(1)));
    assertThat(dashboard.defaultFrom()).isEqualTo("now-24h");
  }

  @Test
  void provisionedValuesAreWhatGrafanaSeesDollarsUnescaped() {
    String tempo = datasources.uidOfType("tempo");
    assertThat(datasources.tracesToLogs(tempo).query()).contains("${__trace.traceId}").doesNotContain("$$");
    assertThat(datasources.derivedFields(datasources.uidOfType("loki"))).singleElement()
        .satisfies(f -> assertThat(f.url()).isEqualTo("${__value.raw}"));
    assertThat(datasources.timeInterval(datasources.uidOfType("prometheus"))).isEqualTo(Duration.ofSeconds(10));
    assertThat(datasources.traceQuery(tempo).timeShiftEnabled()).isTrue();
    assertThat(datasources.tracesToMetrics(tempo).tags()).containsEntry("ingestion.source", "ingestion_source");
    assertThat(datasources.exemplarDestinations(datasources.uidOfType("prometheus"))).isNotEmpty();
  }
}
