package io.ingestlens.producer.pacing;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Progress lines on standard error for long runs: one every {@code everyRecords} records, or when
 * {@code everyTime} passed since the last line, whichever comes first.
 */
public final class Progress {

  private final PrintStream err;
  private final String label;
  private final long everyRecords;
  private final long everyNanos;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private long lastLineNanos;
  private long lastLineCount;

  public Progress(PrintStream err, String label, long everyRecords, Duration everyTime, LongSupplier nanoTime) {
    this.err = err;
    this.label = label;
    this.everyRecords = everyRecords;
    this.everyNanos = everyTime.toNanos();
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
    this.lastLineNanos = startNanos;
  }

  /**
   * Called after each record.
   *
   * @param count records so far
   * @param details the rest of the line, built only when a line is printed
   */
  public void tick(long count, Supplier<String> details) {
    boolean byCount = everyRecords > 0 && count - lastLineCount >= everyRecords;
    boolean byTime = nanoTime.getAsLong() - lastLineNanos >= everyNanos;
    if (byCount || byTime) {
      long now = nanoTime.getAsLong();
      double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
      err.printf("%s progress: %s (%.0f records/s)%n", label, details.get(), count / seconds);
      lastLineNanos = now;
      lastLineCount = count;
    }
  }
}
