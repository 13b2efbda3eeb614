package io.ingestlens.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryDocTest {

  private static final List<String> SAMPLE = List.of(
      "# Telemetry",
      "## Metrics: ingest-processor",
      "",
      "| OpenTelemetry name | unit | attributes |",
      "|---|:---:|---|",
      "| `ingestion.runs` | `{run}` | `ingestion.source`, `error.type` (on failure) |",
      "| `ingestion.events.processed` | `{event}` | |",
      "",
      "Some prose | with a bar, not a table.",
      "## Spans",
      "| name | kind |",
      "|---|---|",
      "| `ingestion.run` | INTERNAL |");

  @Test
  void tablesAreReadUnderTheirSectionWithTheirCellsAsWritten() {
    TelemetryDoc doc = TelemetryDoc.parse(SAMPLE);

    assertThat(doc.tables()).extracting(TelemetryDoc.Table::section).containsExactly("Metrics: ingest-processor", "Spans");
    TelemetryDoc.Table metrics = doc.tables().get(0);
    assertThat(metrics.header()).containsExactly("OpenTelemetry name", "unit", "attributes");
    assertThat(metrics.rows()).containsExactly(
        List.of("`ingestion.runs`", "`{run}`", "`ingestion.source`, `error.type` (on failure)"),
        List.of("`ingestion.events.processed`", "`{event}`", ""));
  }

  @Test
  void rowsAreKeyedByColumnWithoutBackticksAndListCellsSplitIntoNames() {
    TelemetryDoc doc = TelemetryDoc.parse(SAMPLE);

    List<Map<String, String>> rows = doc.rows("Metrics: ", "attributes");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0)).containsEntry("OpenTelemetry name", "ingestion.runs").containsEntry("unit", "{run}");
    assertThat(TelemetryDoc.names(rows.get(0).get("attributes"))).containsExactly("ingestion.source", "error.type");
    assertThat(doc.rows("Metrics: ", "kind")).as("a column the section's tables lack").isEmpty();
    assertThat(doc.rows("Spans", "kind")).singleElement().isEqualTo(Map.of("name", "ingestion.run", "kind", "INTERNAL"));
  }

  @Test
  void theRepositorysDocumentHasItsMetricTables() {
    TelemetryDoc doc = TelemetryDoc.read(Path.of(System.getProperty("repo.root", "..")).resolve("docs/telemetry.md"));

    assertThat(doc.rows("Metrics: ingest-processor", "Prometheus name"))
        .extracting(r -> r.get("OpenTelemetry name")).contains("ingestion.runs");
  }
}
