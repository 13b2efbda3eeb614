package io.ingestlens.e2e.grafana;

import java.time.Duration;
import java.time.Instant;

/** A dashboard or Explore time range, as absolute instants. */
public record TimeRange(Instant from, Instant to) {

  public TimeRange {
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("empty time range " + from + " to " + to);
    }
  }

  public Duration length() {
    return Duration.between(from, to);
  }

  public boolean contains(Instant t) {
    return !t.isBefore(from) && !t.isAfter(to);
  }

  @Override
  public String toString() {
    return from + " to " + to;
  }
}
