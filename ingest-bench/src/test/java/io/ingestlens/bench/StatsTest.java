package io.ingestlens.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(Stats.median(List.of())).isNaN();
  }

  @Test
  void percentileIsTheNearestRank() {
    long[] samples = new long[100];
    for (int i = 0; i < 100; i++) {
      samples[i] = 100 - i; // 1..100, unsorted
    }
    assertThat(Stats.percentile(samples, 50)).isEqualTo(50);
    assertThat(Stats.percentile(samples, 99)).isEqualTo(99);
    assertThat(Stats.percentile(samples, 100)).isEqualTo(100);
    assertThat(Stats.percentile(new long[] {7}, 99)).isEqualTo(7);
    assertThat(Stats.percentile(new long[0], 50)).isNaN();
  }

  @Test
  void histogramPercentileInterpolatesInsideItsBucket() {
    List<Double> bounds = List.of(0.01, 0.05, 0.1);
    // 10 in (0, 10 ms], 80 in (10, 50 ms], 10 in (50, 100 ms], none above.
    List<Long> counts = List.of(10L, 80L, 10L, 0L);
    assertThat(Stats.histogramPercentile(bounds, counts, 10)).isCloseTo(0.01, within(1e-12));
    assertThat(Stats.histogramPercentile(bounds, counts, 50)).isCloseTo(0.01 + 0.04 * 40 / 80, within(1e-12));
    assertThat(Stats.histogramPercentile(bounds, counts, 95)).isCloseTo(0.05 + 0.05 * 5 / 10, within(1e-12));
  }

  @Test
  void histogramPercentileInTheOverflowBucketIsTheLastBoundary() {
    assertThat(Stats.histogramPercentile(List.of(0.01, 0.05), List.of(1L, 0L, 99L), 99)).isEqualTo(0.05);
    assertThat(Stats.histogramPercentile(List.of(0.01), List.of(0L, 0L), 50)).isNaN();
  }
}
