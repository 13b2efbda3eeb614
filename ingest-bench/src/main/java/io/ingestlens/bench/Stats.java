package io.ingestlens.bench;

import java.util.Arrays;
import java.util.List;

/** Medians and percentiles: exact from samples, or estimated from histogram buckets. */
final class Stats {

  private Stats() {}

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** Nearest-rank percentile ({@code p} in 0..100) of unsorted samples; NaN when there are none. */
  static double percentile(long[] samples, double p) {
    if (samples.length == 0) {
      return Double.NaN;
    }
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /**
   * Percentile of an explicit-bucket histogram, interpolated linearly inside the bucket that holds
   * it (the first bucket from 0). In the overflow bucket it is only known to exceed the last
   * boundary: that boundary is returned, and {@link Double#POSITIVE_INFINITY} is never made up.
   *
   * @param boundaries upper bounds of all but the last bucket, ascending
   * @param counts one count per bucket ({@code boundaries.size() + 1})
   */
  static double histogramPercentile(List<Double> boundaries, List<Long> counts, double p) {
    if (counts.size() != boundaries.size() + 1) {
      throw new IllegalArgumentException("need one more count than boundaries");
    }
    long total = counts.stream().mapToLong(Long::longValue).sum();
    if (total == 0) {
      return Double.NaN;
    }
    double target = p / 100.0 * total;
    long seen = 0;
    for (int i = 0; i < counts.size(); i++) {
      long c = counts.get(i);
      if (c > 0 && seen + c >= target) {
        if (i == boundaries.size()) {
          return boundaries.get(i - 1);
        }
        double lower = i == 0 ? 0 : boundaries.get(i - 1);
        double upper = boundaries.get(i);
        return lower + (upper - lower) * (target - seen) / c;
      }
      seen += c;
    }
    return boundaries.get(boundaries.size() - 1);
  }
}
