package io.ingestlens.e2e.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueryIntervalTest {

  private static final Instant T = Instant.parse("2026-11-30T12:00:00Z");

  @Test
  void aShortRangeStepsAtTheDataSourceInterval() {
    QueryInterval q = QueryInterval.of(new TimeRange(T.minusSeconds(300), T), 960, Duration.ofSeconds(10));
    assertThat(q.step()).isEqualTo(Duration.ofSeconds(10));
    assertThat(q.builtIns())
        .containsEntry("__interval", "10s")
        .containsEntry("__interval_ms", "10000")
        .containsEntry("__rate_interval", "40s")
        .containsEntry("__range", "300s")
        .containsEntry("__range_s", "300")
        .containsEntry("__range_ms", "300000");
  }

  @Test
  void aDayOverAWidePanelStepsAtThirtySeconds() {
    QueryInterval q = QueryInterval.of(new TimeRange(T.minus(Duration.ofDays(1)), T), 1920, Duration.ofSeconds(10));
    assertThat(q.step()).isEqualTo(Duration.ofSeconds(30)); // 86400 s / 1920 px = 45 s, rounded down
    assertThat(q.rateInterval()).isEqualTo(Duration.ofSeconds(40)); // max(30 s + 10 s, 4 x 10 s)
  }

  @Test
  void aNarrowPanelGetsALongerRateInterval() {
    QueryInterval q = QueryInterval.of(new TimeRange(T.minus(Duration.ofDays(1)), T), 480, Duration.ofSeconds(10));
    assertThat(q.builtIns()).containsEntry("__interval", "2m").containsEntry("__rate_interval", "2m10s");
  }

  @Test
  void withoutATimeIntervalPrometheusAssumesFifteenSecondScrapes() {
    QueryInterval q = QueryInterval.of(new TimeRange(T.minusSeconds(600), T), 1000, null);
    assertThat(q.scrape()).isEqualTo(Duration.ofSeconds(15));
    assertThat(q.rateInterval()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void rangeQueriesStartAndEndOnMultiplesOfTheStep() {
    QueryInterval q =
        QueryInterval.of(new TimeRange(T.minusSeconds(297).plusMillis(400), T.plusSeconds(7)), 960, Duration.ofSeconds(10));
    assertThat(q.alignedStart()).isEqualTo(T.minusSeconds(300));
    assertThat(q.alignedEnd()).isEqualTo(T);
  }

  @Test
  void theRangeIsRoundedToWholeSeconds() {
    QueryInterval q = QueryInterval.of(new TimeRange(T.minusMillis(90_600), T), 960, Duration.ofSeconds(10));
    assertThat(q.builtIns()).containsEntry("__range", "91s").containsEntry("__range_ms", "90600");
  }
}
