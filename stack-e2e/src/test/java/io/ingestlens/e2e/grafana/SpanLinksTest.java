package io.ingestlens.e2e.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.e2e.grafana.Datasources.TraceQuery;
import io.ingestlens.e2e.grafana.Datasources.TracesToLogs;
import io.ingestlens.e2e.grafana.Datasources.TracesToMetrics;
import io.ingestlens.e2e.grafana.SpanLinks.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpanLinksTest {

  private static final Instant START = Instant.parse("2026-11-29T10:00:00.123456789Z");
  private static final Span RUN =
      new Span("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "ingestion.run", START, Duration.ofSeconds(30),
          Map.of("service.name", "ingest-producer", "ingestion.source", "Efficy"));

  @Test
  void spanToLogsAddsTheShiftsToTheSpansStartAndEnd() {
    TracesToLogs config = new TracesToLogs("loki", "q", true, Duration.ofMinutes(-5), Duration.ofHours(24));
    TimeRange window = SpanLinks.logsWindow(RUN, config);
    assertThat(window.from()).isEqualTo(Instant.parse("2026-11-29T09:55:00.123Z")); // whole milliseconds
    assertThat(window.to()).isEqualTo(Instant.parse("2026-11-30T10:00:30.123Z"));
  }

  @Test
  void anEmptySpanToLogsWindowGetsOneMillisecond() {
    Span instant = new Span("t", "s", "n", START, Duration.ZERO, Map.of());
    TimeRange window = SpanLinks.logsWindow(instant, new TracesToLogs("loki", "q", true, Duration.ZERO, Duration.ZERO));
    assertThat(Duration.between(window.from(), window.to())).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void traceLookupsSubtractTheStartShiftFromTheRange() {
    TimeRange range = new TimeRange(START, START.plus(Duration.ofHours(24)));
    assertThat(SpanLinks.traceLookupWindow(range, new TraceQuery(true, Duration.ofHours(1), Duration.ofHours(1))))
        .isEqualTo(new TimeRange(START.minus(Duration.ofHours(1)), START.plus(Duration.ofHours(25))));
    // A negative start shift moves the start later: what datasources.yaml had.
    assertThat(SpanLinks.traceLookupWindow(range, new TraceQuery(true, Duration.ofHours(-1), Duration.ofHours(1))).from())
        .isEqualTo(START.plus(Duration.ofHours(1)));
    assertThat(SpanLinks.traceLookupWindow(range, new TraceQuery(false, Duration.ZERO, Duration.ZERO))).isNull();
  }

  @Test
  void spanToLogsQueryGetsTheTraceAndSpanVariables() {
    TracesToLogs config =
        new TracesToLogs("loki", "{service_name=~\"ingest-.*\"} | trace_id=\"${__trace.traceId}\" | span=\"${__span.spanId}\"", true,
            Duration.ZERO, Duration.ZERO);
    assertThat(SpanLinks.logsQuery(RUN, config))
        .isEqualTo("{service_name=~\"ingest-.*\"} | trace_id=\"0af7651916cd43dd8448eb211c80319c\" | span=\"b7ad6b7169203331\"");
  }

  @Test
  void spanToMetricsQueryGetsTheMappedTags() {
    TracesToMetrics config =
        new TracesToMetrics("prometheus", Map.of("ingestion.source", "ingestion_source"), Map.of(), Duration.ofHours(-1), Duration.ofHours(1));
    assertThat(SpanLinks.metricsQuery(RUN, config, "sum(x{$__tags, s=\"FAILED\"})")).isEqualTo("sum(x{ingestion_source=\"Efficy\", s=\"FAILED\"})");
    assertThat(SpanLinks.metricsWindow(RUN, config).from()).isEqualTo(Instant.parse("2026-11-29T09:00:00.123Z"));
  }
}
