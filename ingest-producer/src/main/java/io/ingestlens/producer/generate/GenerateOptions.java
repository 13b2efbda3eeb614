package io.ingestlens.producer.generate;

import java.time.Duration;

/**
 * How long and how fast to generate.
 *
 * @param rate events per second; 0 for as fast as possible
 * @param count stop after this many events; null for no limit
 * @param duration stop after this long; null for no limit
 * @param progressEvery a progress line every this many events (0: by time only)
 * @param progressInterval and at least this often
 */
public record GenerateOptions(
    double rate, Long count, Duration duration, long progressEvery, Duration progressInterval) {

  public GenerateOptions {
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("rate must be 0 or more events per second, got " + rate);
    }
    if (count != null && count < 0) {
      throw new IllegalArgumentException("count must be 0 or more, got " + count);
    }
    if (duration != null && duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, got " + duration);
    }
  }
}
