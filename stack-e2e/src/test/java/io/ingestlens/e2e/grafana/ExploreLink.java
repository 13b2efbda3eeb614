package io.ingestlens.e2e.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A link to Grafana's Explore ({@code /explore?schemaVersion=1&panes=...}) read back into what
 * Explore runs: the first pane's data source, its first query and its time range.
 *
 * @param datasourceUid the pane's data source
 * @param queryType the query's {@code queryType} ({@code traceql} for Tempo), or empty
 * @param query the query text
 * @param range the pane's range (absolute, in epoch milliseconds in the link)
 */
public record ExploreLink(String datasourceUid, String queryType, String query, TimeRange range) {

  public static ExploreLink parse(String url) {
    int q = url.indexOf('?');
    if (!url.startsWith("/explore") || q < 0) {
      throw new IllegalArgumentException("not an Explore link: " + url);
    }
    String panes = null;
    for (String param : url.substring(q + 1).split("&")) {
      if (param.startsWith("panes=")) {
        panes = URLDecoder.decode(param.substring("panes=".length()), StandardCharsets.UTF_8);
      }
    }
    if (panes == null) {
      throw new IllegalArgumentException("Explore link without panes: " + url);
    }
    try {
      JsonNode pane = new ObjectMapper().readTree(panes).elements().next();
      JsonNode query = pane.path("queries").path(0);
      String uid = query.path("datasource").path("uid").asText(pane.path("datasource").asText());
      TimeRange range =
          new TimeRange(
              Instant.ofEpochMilli(Long.parseLong(pane.path("range").path("from").asText())),
              Instant.ofEpochMilli(Long.parseLong(pane.path("range").path("to").asText())));
      return new ExploreLink(uid, query.path("queryType").asText(), query.path("query").asText(), range);
    } catch (IOException e) {
      throw new UncheckedIOException("bad panes JSON in Explore link: " + panes, e);
    }
  }
}
