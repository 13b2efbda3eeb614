package io.ingestlens.producer.replay;

import io.ingestlens.event.IngestionEvent;
import io.ingestlens.producer.legacy.LegacyFileException;
import io.ingestlens.producer.legacy.LegacyReader;
import io.ingestlens.producer.legacy.LegacyRecordHandler;
import io.ingestlens.producer.legacy.LegacyRejectReason;
import io.ingestlens.producer.legacy.Rejection;
import io.ingestlens.producer.pacing.Pacer;
import io.ingestlens.producer.pacing.Progress;
import io.ingestlens.producer.publish.EventSink;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a legacy file once and hands every valid event to the sink, reporting each refused record
 * on one line.
 *
 * <p>{@code --rebase-time} needs the newest end before the first event goes out. Rather than
 * buffering every event, a first pass over the file finds it (the reader streams, so memory stays
 * flat for any file size); the second pass shifts and publishes. The price is parsing twice.
 */
public final class Replay {

  private final ReplayOptions options;
  private final EventSink sink;
  private final Consumer<LegacyRejectReason> rejectionCounter;
  private final PrintStream err;
  private final Clock clock;
  private final LegacyReader reader;

  /**
   * @param rejectionCounter told about every refused record (the rejected-records metric)
   * @param err where refused records and progress lines go
   */
  public Replay(
      ReplayOptions options,
      EventSink sink,
      Consumer<LegacyRejectReason> rejectionCounter,
      PrintStream err,
      Clock clock) {
    this.options = options;
    this.sink = sink;
    this.rejectionCounter = rejectionCounter;
    this.err = err;
    this.clock = clock;
    this.reader = new LegacyReader(options.zone());
  }

  public ReplayResult run() throws LegacyFileException, InterruptedException {
    Duration shift = options.rebaseTime() ? shiftToNow() : Duration.ZERO;
    Pass pass = new Pass(shift);
    boolean interrupted = false;
    try {
      reader.read(options.file(), pass);
    } catch (InterruptedException e) {
      interrupted = true; // stop reading, but deliver what was already handed over
    }
    sink.flush();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return new ReplayResult(
        pass.read, pass.accepted, pass.rejected, sink.delivered(), sink.failed(), interrupted);
  }

  /** First pass: how far the newest run's end is from now. */
  private Duration shiftToNow() throws LegacyFileException, InterruptedException {
    Instant[] newest = {null};
    reader.read(
        options.file(),
        new LegacyRecordHandler() {
          @Override
          public void accept(IngestionEvent event) {
            Instant end = event.run().effectiveEnd();
            if (newest[0] == null || end.isAfter(newest[0])) {
              newest[0] = end;
            }
          }

          @Override
          public void reject(Rejection rejection) {
            // reported by the second pass
          }
        });
    return newest[0] == null ? Duration.ZERO : Duration.between(newest[0], clock.instant());
  }

  /** Second pass: shift, pace, publish, report. */
  private final class Pass implements LegacyRecordHandler {

    private final Duration shift;
    private final Pacer pacer = Pacer.system(options.speed());
    private final Progress progress;
    private final Map<LegacyRejectReason, Long> rejected = new EnumMap<>(LegacyRejectReason.class);
    private long read;
    private long accepted;

    Pass(Duration shift) {
      this.shift = shift;
      this.progress =
          new Progress(
              err,
              "replay " + options.file().getFileName(),
              options.progressEvery(),
              options.progressInterval(),
              System::nanoTime);
    }

    @Override
    public void accept(IngestionEvent event) throws InterruptedException {
      IngestionEvent shifted = shift.isZero() ? event : event.withRun(event.run().shiftedBy(shift));
      pacer.awaitTurn(shifted.run().startedAt());
      sink.publish(shifted);
      read++;
      accepted++;
      tick();
    }

    @Override
    public void reject(Rejection rejection) {
      err.println("rejected " + rejection.line());
      rejected.merge(rejection.reason(), 1L, Long::sum);
      rejectionCounter.accept(rejection.reason());
      read++;
      tick();
    }

    private void tick() {
      progress.tick(
          read,
          () -> String.format("%d read, %d %s, %d rejected", read, sink.delivered(), sink.verb(), read - accepted));
    }
  }
}
