package io.ingestlens.e2e.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.e2e.grafana.Datasources.DerivedField;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinksTest {

  @Test
  void aLabelMatcherTakesTheNamedLabel() {
    DerivedField field = new DerivedField("TraceID", "label", "trace_id", "${__value.raw}", "tempo");
    assertThat(LogLinks.derivedValue(field, "line", Map.of("trace_id", "abc"))).hasValue("abc");
    assertThat(LogLinks.derivedValue(field, "trace_id=abc", Map.of())).isEmpty();
    assertThat(LogLinks.linkQuery(field, "abc")).isEqualTo("abc");
  }

  @Test
  void aRegexMatcherTakesItsFirstGroupInTheLine() {
    DerivedField field = new DerivedField("TraceID", "regex", "traceID=(\\w+)", "${__value.raw}", "tempo");
    assertThat(LogLinks.derivedValue(field, "msg traceID=abc12 done", Map.of())).hasValue("abc12");
  }

  @Test
  void anExploreLinkGivesItsDataSourceQueryAndRange() {
    String url =
        "/explore?schemaVersion=1&orgId=1&panes=%7B%22a%22%3A%7B%22datasource%22%3A%22tempo%22%2C%22queries%22%3A%5B%7B%22refId%22%3A%22A%22%2C"
            + "%22datasource%22%3A%7B%22type%22%3A%22tempo%22%2C%22uid%22%3A%22tempo%22%7D%2C%22queryType%22%3A%22traceql%22%2C"
            + "%22query%22%3A%22abc%22%7D%5D%2C%22range%22%3A%7B%22from%22%3A%221000%22%2C%22to%22%3A%222000%22%7D%7D%7D";
    ExploreLink link = ExploreLink.parse(url);
    assertThat(link.datasourceUid()).isEqualTo("tempo");
    assertThat(link.queryType()).isEqualTo("traceql");
    assertThat(link.query()).isEqualTo("abc");
    assertThat(link.range()).isEqualTo(new TimeRange(Instant.ofEpochMilli(1000), Instant.ofEpochMilli(2000)));
  }
}
