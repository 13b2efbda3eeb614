package io.ingestlens.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Cases worked by hand with Prometheus' bucketQuantile. */
class HistogramQuantileTest {

  private static final List<Double> BOUNDS = List.of(1.0, 2.0, 5.0);

  @Test
  void interpolatesInsideTheBucketOfTheRank() {
    // cumulative: le=1: 1, le=2: 3, le=5: 4; median rank 2 lies half-way through (1, 2]
    assertThat(HistogramQuantile.of(0.5, BOUNDS, List.of(0.5, 1.5, 1.5, 3.0))).isEqualTo(1.5);
    assertThat(HistogramQuantile.of(1.0, BOUNDS, List.of(0.5, 1.5, 1.5, 3.0))).isEqualTo(5.0);
    assertThat(HistogramQuantile.of(0.25, BOUNDS, List.of(0.5, 1.5, 1.5, 3.0))).isEqualTo(1.0);
  }

  @Test
  void aValueOnABoundCountsInThatBucket() {
    assertThat(HistogramQuantile.of(0.5, BOUNDS, List.of(1.0, 1.0))).isEqualTo(0.5);
  }

  @Test
  void aRankInTheInfiniteBucketIsTheLastFiniteBound() {
    assertThat(HistogramQuantile.of(0.95, BOUNDS, List.of(10.0, 20.0))).isEqualTo(5.0);
    assertThat(HistogramQuantile.of(0.95, BOUNDS, List.of())).isNaN();
  }
}
