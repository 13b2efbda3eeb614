package io.ingestlens.producer.generate;

import io.ingestlens.event.IngestionEvent;
import io.ingestlens.producer.publish.EventSink;
import io.ingestlens.producer.pacing.Progress;
import io.ingestlens.producer.pacing.Sleeper;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The live stream: event {@code n} is due {@code n / rate} seconds after the start, so the rate
 * holds on average even when a send takes a while. Stops after the count or the duration, or when
 * the thread is interrupted (Ctrl-C in the CLI), delivering what was handed over.
 */
public final class Generate {

  private final EventGenerator generator;
  private final GenerateOptions options;
  private final EventSink sink;
  private final PrintStream err;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;

  public Generate(
      EventGenerator generator,
      GenerateOptions options,
      EventSink sink,
      PrintStream err,
      Clock clock,
      LongSupplier nanoTime,
      Sleeper sleeper) {
    this.generator = generator;
    this.options = options;
    this.sink = sink;
    this.err = err;
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  public GenerateResult run() throws InterruptedException {
    long start = nanoTime.getAsLong();
    long deadline =
        options.duration() == null ? Long.MAX_VALUE : saturatedAdd(start, options.duration());
    long limit = options.count() == null ? Long.MAX_VALUE : options.count();
    Progress progress =
        new Progress(err, "generate", options.progressEvery(), options.progressInterval(), nanoTime);
    long emitted = 0;
    long failedRuns = 0;
    try {
      for (long sequence = 0; sequence < limit; sequence++) {
        long due = options.rate() == 0 ? start : start + (long) (sequence * 1e9 / options.rate());
        if (due >= deadline || (options.rate() == 0 && nanoTime.getAsLong() >= deadline)) {
          break;
        }
        long wait = due - nanoTime.getAsLong();
        if (wait > 0) {
          sleeper.sleepNanos(wait);
        }
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        IngestionEvent event = generator.next(sequence, clock.instant());
        sink.publish(event);
        emitted++;
        if (event.run().failed()) {
          failedRuns++;
        }
        long made = emitted;
        long failures = failedRuns;
        progress.tick(made, () -> made + " events, " + failures + " failed runs, " + sink.delivered() + " " + sink.verb());
      }
    } catch (InterruptedException e) {
      // Stopping is the normal end of an unbounded stream: deliver what was handed over.
      sink.flush();
      Thread.currentThread().interrupt();
      return new GenerateResult(emitted, failedRuns, sink.delivered(), sink.failed());
    }
    sink.flush();
    return new GenerateResult(emitted, failedRuns, sink.delivered(), sink.failed());
  }

  private static long saturatedAdd(long nanos, Duration duration) {
    try {
      return Math.addExact(nanos, duration.toNanos());
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
