package io.ingestlens.e2e.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GrafanaDurationTest {

  @Test
  void parsesGrafanaIntervalsWithTheirSign() {
    assertThat(GrafanaDuration.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(GrafanaDuration.parse("-5m")).isEqualTo(Duration.ofMinutes(-5));
    assertThat(GrafanaDuration.parse("24h")).isEqualTo(Duration.ofHours(24));
    assertThat(GrafanaDuration.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(GrafanaDuration.parse("2w")).isEqualTo(Duration.ofDays(14));
    assertThat(GrafanaDuration.parse("100ms")).isEqualTo(Duration.ofMillis(100));
    assertThat(GrafanaDuration.parse("30")).as("a bare number is seconds").isEqualTo(Duration.ofSeconds(30));
    assertThat(GrafanaDuration.parse("1.5h")).as("parseInt drops the fraction").isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> GrafanaDuration.parse("soon")).hasMessageContaining("soon");
  }

  @Test
  void formatsIntervalsInTheirLargestWholeUnit() {
    assertThat(GrafanaDuration.formatInterval(Duration.ofSeconds(10))).isEqualTo("10s");
    assertThat(GrafanaDuration.formatInterval(Duration.ofSeconds(90))).isEqualTo("1m");
    assertThat(GrafanaDuration.formatInterval(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(GrafanaDuration.formatInterval(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(GrafanaDuration.formatInterval(Duration.ofDays(2))).isEqualTo("2d");
  }

  @Test
  void printsDurationsAsGoDoes() {
    assertThat(GrafanaDuration.goString(Duration.ofSeconds(40))).isEqualTo("40s");
    assertThat(GrafanaDuration.goString(Duration.ofSeconds(70))).isEqualTo("1m10s");
    assertThat(GrafanaDuration.goString(Duration.ofMinutes(2))).isEqualTo("2m0s");
    assertThat(GrafanaDuration.goString(Duration.ofHours(1))).isEqualTo("1h0m0s");
    assertThat(GrafanaDuration.goString(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(GrafanaDuration.goString(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(GrafanaDuration.goString(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void roundsComputedIntervalsToNiceSteps() {
    assertThat(GrafanaDuration.roundInterval(Duration.ofMillis(333))).isEqualTo(Duration.ofMillis(200));
    assertThat(GrafanaDuration.roundInterval(Duration.ofSeconds(15))).isEqualTo(Duration.ofSeconds(15));
    assertThat(GrafanaDuration.roundInterval(Duration.ofSeconds(45))).isEqualTo(Duration.ofSeconds(30));
    assertThat(GrafanaDuration.roundInterval(Duration.ofSeconds(96))).isEqualTo(Duration.ofMinutes(2));
    assertThat(GrafanaDuration.roundInterval(Duration.ofMillis(5))).isEqualTo(Duration.ofMillis(1));
  }
}
