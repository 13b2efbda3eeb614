package io.ingestlens.producer.pacing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Replays at {@code speed} times the original pace: the event that started {@code t} after the
 * first one is released {@code t / speed} after the first was released. Working against this
 * virtual clock (not against the previous event) keeps publishing time from adding up as drift;
 * events out of order in the file go at once. A speed of 0 means no pacing.
 */
public final class Pacer {

  private final double speed;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private Instant firstEventTime;
  private long firstReleaseNanos;

  public Pacer(double speed, LongSupplier nanoTime, Sleeper sleeper) {
    if (speed < 0 || Double.isNaN(speed) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be 0 or more, got " + speed);
    }
    this.speed = speed;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  public static Pacer system(double speed) {
    return new Pacer(speed, System::nanoTime, Sleeper.SYSTEM);
  }

  /** Waits until the event that started at {@code eventTime} is due. */
  public void awaitTurn(Instant eventTime) throws InterruptedException {
    if (speed == 0) {
      return;
    }
    if (firstEventTime == null) {
      firstEventTime = eventTime;
      firstReleaseNanos = nanoTime.getAsLong();
      return;
    }
    Duration offset = Duration.between(firstEventTime, eventTime);
    double scaledNanos = (offset.getSeconds() * 1e9 + offset.getNano()) / speed;
    long due = firstReleaseNanos + (long) Math.min(scaledNanos, Long.MAX_VALUE / 2.0);
    long wait = due - nanoTime.getAsLong();
    if (wait > 0) {
      sleeper.sleepNanos(wait);
    }
  }
}
