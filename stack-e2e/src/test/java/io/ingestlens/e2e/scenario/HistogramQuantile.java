package io.ingestlens.e2e.scenario;

import java.util.Collection;
import java.util.List;

/**
 * Prometheus' {@code histogram_quantile} over classic buckets ({@code promql/quantile.go},
 * {@code bucketQuantile}), applied to raw values: what the dashboard must show for a set of runs,
 * given the bucket bounds the backend holds. A value equal to a bound counts in that bound's bucket
 * (OpenTelemetry's explicit buckets are upper-inclusive, like {@code le}).
 */
public final class HistogramQuantile {

  private HistogramQuantile() {}

  /** @param bounds the finite upper bounds, ascending ({@code +Inf} is implied) */
  public static double of(double q, List<Double> bounds, Collection<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    int n = bounds.size() + 1;
    double[] upper = new double[n];
    double[] cumulative = new double[n];
    for (int i = 0; i < n; i++) {
      upper[i] = i < bounds.size() ? bounds.get(i) : Double.POSITIVE_INFINITY;
      final double le = upper[i];
      cumulative[i] = values.stream().filter(v -> v <= le).count();
    }
    double observations = cumulative[n - 1];
    double rank = q * observations;
    int b = 0;
    while (b < n - 1 && cumulative[b] < rank) { // sort.Search over all but the +Inf bucket
      b++;
    }
    if (b == n - 1) {
      return upper[n - 2];
    }
    if (b == 0 && upper[0] <= 0) {
      return upper[0];
    }
    double bucketStart = 0;
    double bucketEnd = upper[b];
    double count = cumulative[b];
    if (b > 0) {
      bucketStart = upper[b - 1];
      count -= cumulative[b - 1];
      rank -= cumulative[b - 1];
    }
    return bucketStart + (bucketEnd - bucketStart) * (rank / count);
  }
}
