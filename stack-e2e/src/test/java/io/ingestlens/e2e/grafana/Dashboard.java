package io.ingestlens.e2e.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A dashboard JSON file as Grafana reads it: every query of every panel (rows and the panels
 * collapsed inside them), the annotation queries, the data links, the template variables.
 */
public final class Dashboard {

  /** Grafana lays a dashboard on 24 columns; a 1920-pixel browser window gives 80 px a column. */
  public static final int WINDOW_WIDTH_PX = 1920;

  /**
   * One query of one panel.
   *
   * @param where "panel "Title" (row "Row"), query A": what a failure message names
   * @param datasourceType {@code prometheus} or {@code loki}
   * @param datasourceRef the panel's data source uid, usually a variable ({@code ${prom_ds}})
   * @param instant an instant query (a value at the end of the range), else a range query
   * @param maxLines Loki's line limit of a log query, or null
   * @param exemplars whether Grafana also asks for exemplars
   * @param maxDataPoints the panel's width in pixels, Grafana's default resolution
   * @param fixedStep a step set by the query itself (annotations), or null
   */
  public record PanelQuery(
      String panelTitle,
      String where,
      String datasourceType,
      String datasourceRef,
      String refId,
      String expr,
      boolean instant,
      Integer maxLines,
      boolean exemplars,
      long maxDataPoints,
      java.time.Duration fixedStep) {}

  /**
   * A template variable of type query.
   *
   * @param datasourceRef its data source uid (a variable)
   * @param query the query text ({@code label_values(metric{...}, label)})
   */
  public record QueryVariable(
      String name, String datasourceRef, String query, String allValue, boolean multi, boolean includeAll) {}

  /** A variable of type datasource: its name and the data source type it picks. */
  public record DatasourceVariable(String name, String pluginType) {}

  /** A data link of a panel field. */
  public record DataLink(String panelTitle, String title, String url) {}

  private final JsonNode root;
  private final String file;

  private Dashboard(JsonNode root, String file) {
    this.root = root;
    this.file = file;
  }

  public static Dashboard read(Path file) {
    try {
      return new Dashboard(new ObjectMapper().readTree(file.toFile()), file.getFileName().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dashboard " + file, e);
    }
  }

  public String file() {
    return file;
  }

  /** The dashboard's default time range, e.g. {@code now-24h}. */
  public String defaultFrom() {
    return root.path("time").path("from").asText();
  }

  /** Every query of every panel, in dashboard order, nested rows included. */
  public List<PanelQuery> panelQueries() {
    List<PanelQuery> queries = new ArrayList<>();
    String row = null;
    for (JsonNode panel : root.path("panels")) {
      if ("row".equals(panel.path("type").asText())) {
        row = panel.path("title").asText();
        for (JsonNode inner : panel.path("panels")) {
          addQueries(inner, row, queries);
        }
      } else {
        addQueries(panel, row, queries);
      }
    }
    return queries;
  }

  private static void addQueries(JsonNode panel, String row, List<PanelQuery> out) {
    String title = panel.path("title").asText();
    long width = Math.max(1, panel.path("gridPos").path("w").asLong(24)) * WINDOW_WIDTH_PX / 24;
    long maxDataPoints = panel.has("maxDataPoints") ? panel.path("maxDataPoints").asLong() : width;
    for (JsonNode target : panel.path("targets")) {
      if (target.path("hide").asBoolean(false)) {
        continue;
      }
      JsonNode ds = target.has("datasource") ? target.path("datasource") : panel.path("datasource");
      String type = ds.path("type").asText();
      String refId = target.path("refId").asText();
      boolean instant =
          "loki".equals(type)
              ? "instant".equals(target.path("queryType").asText())
              : target.path("instant").asBoolean(false) && !target.path("range").asBoolean(false);
      String where = "panel \"" + title + "\"" + (row == null ? "" : " (row \"" + row + "\")") + ", query " + refId;
      out.add(
          new PanelQuery(
              title,
              where,
              type,
              ds.path("uid").asText(),
              refId,
              target.path("expr").asText(),
              instant,
              target.has("maxLines") ? target.path("maxLines").asInt() : null,
              target.path("exemplar").asBoolean(false),
              maxDataPoints,
              null));
    }
  }

  /**
   * The annotation queries (Prometheus ones run as range queries at their own {@code step}, 60 s
   * by default), the built-in "Annotations &amp; Alerts" left out.
   */
  public List<PanelQuery> annotationQueries() {
    List<PanelQuery> queries = new ArrayList<>();
    for (JsonNode a : root.path("annotations").path("list")) {
      if (a.path("builtIn").asInt(0) == 1 || !a.has("expr")) {
        continue;
      }
      String name = a.path("name").asText();
      java.time.Duration step = GrafanaDuration.parse(a.path("step").asText("60s"));
      queries.add(
          new PanelQuery(
              name,
              "annotation \"" + name + "\"",
              a.path("datasource").path("type").asText(),
              a.path("datasource").path("uid").asText(),
              "Anno",
              a.path("expr").asText(),
              false,
              null,
              false,
              WINDOW_WIDTH_PX,
              step));
    }
    return queries;
  }

  public List<QueryVariable> queryVariables() {
    List<QueryVariable> variables = new ArrayList<>();
    for (JsonNode v : root.path("templating").path("list")) {
      if (!"query".equals(v.path("type").asText())) {
        continue;
      }
      JsonNode query = v.path("query");
      String text = query.isTextual() ? query.asText() : query.path("query").asText(v.path("definition").asText());
      variables.add(
          new QueryVariable(
              v.path("name").asText(),
              v.path("datasource").path("uid").asText(),
              text,
              v.hasNonNull("allValue") ? v.path("allValue").asText() : null,
              v.path("multi").asBoolean(false),
              v.path("includeAll").asBoolean(false)));
    }
    return variables;
  }

  public List<DatasourceVariable> datasourceVariables() {
    List<DatasourceVariable> variables = new ArrayList<>();
    for (JsonNode v : root.path("templating").path("list")) {
      if ("datasource".equals(v.path("type").asText())) {
        variables.add(new DatasourceVariable(v.path("name").asText(), v.path("query").asText()));
      }
    }
    return variables;
  }

  public Optional<QueryVariable> queryVariable(String name) {
    return queryVariables().stream().filter(v -> v.name().equals(name)).findFirst();
  }

  /** Every data link of every panel field (defaults and overrides). */
  public List<DataLink> dataLinks() {
    List<DataLink> links = new ArrayList<>();
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : root.path("panels")) {
      panels.add(panel);
      panel.path("panels").forEach(panels::add);
    }
    for (JsonNode panel : panels) {
      String title = panel.path("title").asText();
      JsonNode config = panel.path("fieldConfig");
      config.path("defaults").path("links").forEach(l -> links.add(link(title, l)));
      for (JsonNode override : config.path("overrides")) {
        for (JsonNode property : override.path("properties")) {
          if ("links".equals(property.path("id").asText())) {
            property.path("value").forEach(l -> links.add(link(title, l)));
          }
        }
      }
    }
    return links;
  }

  private static DataLink link(String panelTitle, JsonNode link) {
    return new DataLink(panelTitle, link.path("title").asText(), link.path("url").asText());
  }
}
