package io.ingestlens.runtime.otel.backpressure;

import io.opentelemetry.sdk.common.CompletableResultCode;
import java.time.Duration;

/**
 * Lets a service's work wait for its telemetry instead of the SDK dropping what does not fit.
 *
 * <p>The work asks {@link #hasRoomFor} before it makes more spans and log records (the processor
 * before each poll, the producer before each event) and waits otherwise; the processor commits a
 * record's offset only once {@link #exported} says the telemetry made for it has left. A
 * service's SDK gives one through {@code ServiceTelemetry.backpressure()}.
 */
public interface TelemetryBackpressure {

  /** Where a service stands: how many spans and log records it had handed over at that moment. */
  record Mark(long spans, long logs) {}

  /**
   * The most spans (or log records) that can ever be in flight: the smallest queue counted;
   * {@link Integer#MAX_VALUE} when nothing is. A unit of work must not make more than this.
   */
  int capacity();

  /** True when the work may hand over {@code items} more spans and as many log records. */
  boolean hasRoomFor(int items);

  /**
   * Waits until {@link #hasRoomFor} is true, at most {@code timeout}; says why it waits at most
   * every 30 s, in the words of {@code what} ("processing paused").
   *
   * @return true when there is room
   */
  boolean awaitRoomFor(int items, Duration timeout, String what) throws InterruptedException;

  /** How much has been handed over so far; take it while no other thread makes telemetry. */
  Mark mark();

  /** Completes once every span and log record handed over before {@code mark} has been exported. */
  CompletableResultCode exported(Mark mark);

  /** Asks the batch processors to export what they hold now instead of at their next tick. */
  CompletableResultCode flush();

  /**
   * Flushes, then waits until everything handed over before {@code mark} has been exported, at most
   * {@code timeout}; says why it waits at most every 30 s, in the words of {@code what}.
   *
   * @return true when it has been exported
   */
  boolean awaitExported(Mark mark, Duration timeout, String what) throws InterruptedException;

  /** What is in flight, for messages: "1200 spans (queue 8192), 900 log records (queue 8192) in flight". */
  String describe();

  /** Nothing is counted and nobody waits: {@link TelemetryOverflow#DROP}, or an SDK without OTLP export. */
  static TelemetryBackpressure none() {
    return None.INSTANCE;
  }

  /** {@link #none()}. */
  enum None implements TelemetryBackpressure {
    INSTANCE;

    @Override
    public int capacity() {
      return Integer.MAX_VALUE;
    }

    @Override
    public boolean hasRoomFor(int items) {
      return true;
    }

    @Override
    public boolean awaitRoomFor(int items, Duration timeout, String what) {
      return true;
    }

    @Override
    public Mark mark() {
      return new Mark(0, 0);
    }

    @Override
    public CompletableResultCode exported(Mark mark) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public boolean awaitExported(Mark mark, Duration timeout, String what) {
      return true;
    }

    @Override
    public String describe() {
      return "no telemetry counted";
    }
  }
}
