package io.ingestlens.producer.generate;

import java.util.Map;
import java.util.Set;

/**
 * Settings that make each alert fire on demand.
 *
 * @param failureRate share of failed runs, 0 to 1 (failure and failure-rate alerts)
 * @param slowSources duration factor per source (latency alert)
 * @param silentSources sources that never run (silent-source alert)
 * @param heavySources sources whose runs use over 150 MB and 60 s of CPU (resource alerts)
 * @param burstObject when set, every failure hits this object (error-burst alert)
 */
public record GeneratorKnobs(
    double failureRate,
    Map<String, Double> slowSources,
    Set<String> silentSources,
    Set<String> heavySources,
    String burstObject) {

  public static final double DEFAULT_SLOW_FACTOR = 5;

  public GeneratorKnobs {
    if (!(failureRate >= 0 && failureRate <= 1)) {
      throw new IllegalArgumentException("failure rate must be between 0 and 1, got " + failureRate);
    }
    slowSources.forEach(
        (source, factor) -> {
          if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("slow factor of " + source + " must be positive, got " + factor);
          }
        });
    slowSources = Map.copyOf(slowSources);
    silentSources = Set.copyOf(silentSources);
    heavySources = Set.copyOf(heavySources);
  }

  /** Parses {@code NAME[:factor]}, the factor defaulting to 5. */
  public static Map.Entry<String, Double> parseSlow(String value) {
    int colon = value.lastIndexOf(':');
    if (colon < 0) {
      return Map.entry(value.trim(), DEFAULT_SLOW_FACTOR);
    }
    String factor = value.substring(colon + 1).trim();
    try {
      return Map.entry(value.substring(0, colon).trim(), Double.parseDouble(factor));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("slow source must be NAME or NAME:factor, got " + value);
    }
  }
}
