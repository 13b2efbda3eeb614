package io.ingestlens.e2e.grafana;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The step and the built-in interval variables of one panel query, as Grafana 12.4 computes them:
 * <ul>
 *   <li>the browser asks for {@code intervalMs} = {@code rangeUtil.calculateInterval(range,
 *       maxDataPoints, lowLimit)} ({@code @grafana/data}, {@code datetime/rangeutil.ts}): the range
 *       over the panel's width in pixels, rounded, never below the data source's
 *       {@code timeInterval};
 *   <li>the Prometheus backend ({@code pkg/promlib/models/query.go}, {@code Parse},
 *       {@code calculatePrometheusInterval}, {@code InterpolateVariables}) takes that as the minimum
 *       step, raises it to range/11000 if needed, and replaces {@code $__interval} with the step,
 *       {@code $__rate_interval} with max(intervalMs + scrape interval, 4 x scrape interval),
 *       {@code $__range} with the range in whole seconds ({@code 300s}), {@code $__range_s} and
 *       {@code $__range_ms}; range queries start and end on multiples of the step
 *       ({@code AlignTimeRange});
 *   <li>the Loki backend ({@code pkg/tsdb/loki}, {@code interpolateVariables}) replaces the same
 *       {@code $__interval} and {@code $__range} family.
 * </ul>
 *
 * @param range the panel's time range
 * @param step the query step, also {@code $__interval}
 * @param requested the interval the browser asked for ({@code intervalMs})
 * @param scrape the data source's {@code timeInterval} (Prometheus' default 15 s when unset)
 */
public record QueryInterval(TimeRange range, Duration step, Duration requested, Duration scrape) {

  /** Prometheus and Loki both refuse more than 11,000 points per series. */
  static final long SAFE_RESOLUTION = 11_000;

  static final Duration DEFAULT_SCRAPE = Duration.ofSeconds(15);

  /**
   * @param maxDataPoints the panel's width in pixels (Grafana's default {@code maxDataPoints})
   * @param timeInterval the data source's {@code jsonData.timeInterval}, or null
   */
  public static QueryInterval of(TimeRange range, long maxDataPoints, Duration timeInterval) {
    Duration lowLimit = timeInterval == null ? Duration.ofMillis(1) : timeInterval;
    Duration requested = GrafanaDuration.roundInterval(range.length().dividedBy(maxDataPoints));
    if (lowLimit.compareTo(requested) > 0) {
      requested = lowLimit;
    }
    Duration safe = GrafanaDuration.roundInterval(range.length().dividedBy(SAFE_RESOLUTION));
    Duration step = requested.compareTo(safe) >= 0 ? requested : safe;
    return new QueryInterval(range, step, requested, timeInterval == null ? DEFAULT_SCRAPE : timeInterval);
  }

  public Duration rateInterval() {
    Duration plusScrape = requested.plus(scrape);
    Duration fourScrapes = scrape.multipliedBy(4);
    return plusScrape.compareTo(fourScrapes) >= 0 ? plusScrape : fourScrapes;
  }

  /** The whole range in seconds, rounded as {@code math.Round(rangeMs / 1000)}. */
  public long rangeSeconds() {
    return Math.round(range.length().toMillis() / 1000.0);
  }

  /**
   * The built-in variables the backends replace, longest names first so that {@code $__range_s}
   * is not read as {@code $__range} followed by "_s". Both spellings, {@code $__x} and
   * {@code ${__x}}, are listed.
   */
  public Map<String, String> builtIns() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("__rate_interval_ms", String.valueOf(rateInterval().toMillis()));
    values.put("__rate_interval", GrafanaDuration.goString(rateInterval()));
    values.put("__interval_ms", String.valueOf(step.toMillis()));
    values.put("__interval", GrafanaDuration.formatInterval(step));
    values.put("__range_ms", String.valueOf(range.length().toMillis()));
    values.put("__range_s", String.valueOf(rangeSeconds()));
    values.put("__range", rangeSeconds() + "s");
    return values;
  }

  /** Start of a range query: the range's start rounded down to a multiple of the step (UTC). */
  public Instant alignedStart() {
    return align(range.from());
  }

  /** End of a range query: the range's end rounded down to a multiple of the step (UTC). */
  public Instant alignedEnd() {
    return align(range.to());
  }

  private Instant align(Instant t) {
    long stepNanos = step.toNanos();
    long epochNanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
    return Instant.ofEpochSecond(0, Math.floorDiv(epochNanos, stepNanos) * stepNanos);
  }
}
