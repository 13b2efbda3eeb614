package io.ingestlens.e2e.grafana;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grafana's duration strings, parsed and printed the ways Grafana 12.4 does:
 * <ul>
 *   <li>{@link #parse}: {@code rangeUtil.intervalToMs} of {@code @grafana/data}
 *       ({@code datetime/rangeutil.ts}): an optional minus, an integer count (decimals are cut, as
 *       {@code parseInt} does), a unit among ms, s, m, h, d, w, M (30 days), y (365 days); a bare
 *       number is seconds. Time shifts of data source provisioning are read this way.
 *   <li>{@link #formatInterval}: {@code gtime.FormatInterval} of the plugin SDK, the text of
 *       {@code $__interval}: the largest whole unit ({@code 10s}, {@code 1m}, {@code 2h}).
 *   <li>{@link #goString}: Go's {@code time.Duration.String()}, the text of
 *       {@code $__rate_interval} in {@code pkg/promlib/models/query.go} ({@code 40s},
 *       {@code 1m10s}, {@code 2m0s}).
 *   <li>{@link #roundInterval}: {@code gtime.RoundInterval}, the "nice" step a computed interval
 *       snaps to.
 * </ul>
 */
public final class GrafanaDuration {

  private static final Pattern INTERVAL = Pattern.compile("^(-?\\d+(?:\\.\\d+)?)(ms|[Mwdhmsy])");
  private static final Map<String, Duration> UNITS =
      Map.of(
          "y", Duration.ofDays(365),
          "M", Duration.ofDays(30),
          "w", Duration.ofDays(7),
          "d", Duration.ofDays(1),
          "h", Duration.ofHours(1),
          "m", Duration.ofMinutes(1),
          "s", Duration.ofSeconds(1),
          "ms", Duration.ofMillis(1));

  private GrafanaDuration() {}

  public static Duration parse(String text) {
    String value = text.trim();
    if (value.matches("-?\\d+")) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    Matcher m = INTERVAL.matcher(value);
    if (!m.find()) {
      throw new IllegalArgumentException("not a Grafana interval: \"" + text + "\"");
    }
    long count = new BigDecimal(m.group(1)).longValue(); // parseInt: the fraction is dropped
    return UNITS.get(m.group(2)).multipliedBy(count);
  }

  public static String formatInterval(Duration d) {
    long ms = d.toMillis();
    long[] sizes = {Duration.ofDays(365).toMillis(), Duration.ofDays(1).toMillis(), 3_600_000, 60_000, 1000, 1};
    String[] names = {"y", "d", "h", "m", "s", "ms"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms >= sizes[i]) {
        return ms / sizes[i] + names[i];
      }
    }
    return "1ms";
  }

  public static String goString(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.isNegative()) {
      return "-" + goString(d.negated());
    }
    long nanos = d.toNanos();
    if (nanos < 1_000_000_000L) {
      if (nanos % 1_000_000 == 0) {
        return nanos / 1_000_000 + "ms";
      }
      if (nanos % 1000 == 0) {
        return trimmed(BigDecimal.valueOf(nanos, 3)) + "ms";
      }
      return nanos + "ns";
    }
    long hours = d.toHours();
    long minutes = d.toMinutesPart();
    BigDecimal seconds = BigDecimal.valueOf(d.toSecondsPart() * 1_000_000_000L + d.toNanosPart(), 9);
    StringBuilder out = new StringBuilder();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    return out.append(trimmed(seconds)).append('s').toString();
  }

  private static String trimmed(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() <= 0 ? stripped.toBigInteger().toString() : stripped.toPlainString();
  }

  public static Duration roundInterval(Duration interval) {
    long ms = interval.toMillis();
    long[][] table = {
      {10, 1}, {15, 10}, {35, 20}, {75, 50}, {150, 100}, {350, 200}, {750, 500}, {1500, 1000},
      {3500, 2000}, {7500, 5000}, {12500, 10000}, {17500, 15000}, {25000, 20000}, {45000, 30000},
      {90000, 60000}, {210000, 120000}, {450000, 300000}, {750000, 600000}, {1050000, 900000},
      {1500000, 1200000}, {2700000, 1800000}, {5400000, 3600000}, {9000000, 7200000},
      {16200000, 10800000}, {32400000, 21600000}, {86400000, 43200000}, {172800000, 86400000},
      {604800000, 86400000}, {1814400000, 604800000}
    };
    if (interval.toNanos() <= Duration.ofMillis(10).toNanos()) {
      return Duration.ofMillis(1);
    }
    for (long[] row : table) {
      if (ms <= row[0]) {
        return Duration.ofMillis(row[1]);
      }
    }
    return ms < 3628800000L ? Duration.ofMillis(2592000000L) : Duration.ofMillis(31536000000L);
  }
}
