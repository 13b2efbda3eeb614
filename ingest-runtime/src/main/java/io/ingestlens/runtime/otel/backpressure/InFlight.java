package io.ingestlens.runtime.otel.backpressure;

import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the items (spans or log records) of one signal from the moment they are handed to the
 * SDK until their export has completed, successfully or for good.
 *
 * <p>The batch processor's queue only ever holds items counted here, so as long as the work keeps
 * {@link #inFlight()} within {@link #capacity()} (the queue's size) the queue never overflows and
 * the SDK never drops. Items are exported in the order they were handed over (one queue, exports
 * completed in order by {@link Resender}), so once {@link #completed()} reaches a count taken
 * earlier by {@link #handed()}, every item handed before that moment has left.
 */
final class InFlight {

  private final String signal;
  private final int capacity;
  private final LongAdder handed = new LongAdder();
  private final AtomicLong completed = new AtomicLong();
  /** Marks waiting for {@link #completed} to reach them, lowest first. */
  private final Queue<Waiting> waiting = new PriorityQueue<>(Comparator.comparingLong(Waiting::mark));

  private record Waiting(long mark, CompletableResultCode result) {}

  /**
   * @param signal what is counted, in plural ("spans"), for messages
   * @param capacity the batch processor's queue size
   */
  InFlight(String signal, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException(signal + " queue size must be >= 1, got " + capacity);
    }
    this.signal = signal;
    this.capacity = capacity;
  }

  String signal() {
    return signal;
  }

  int capacity() {
    return capacity;
  }

  /** Hot path: one item handed to the SDK. */
  void handedOne() {
    handed.increment();
  }

  /** Items whose export completed (sent, or failed for good). Wakes whoever waits for room. */
  void completed(int items) {
    long now = completed.addAndGet(items);
    synchronized (this) {
      Waiting first;
      while ((first = waiting.peek()) != null && first.mark() <= now) {
        waiting.remove().result().succeed();
      }
      notifyAll();
    }
  }

  long handed() {
    return handed.sum();
  }

  long completed() {
    return completed.get();
  }

  long inFlight() {
    return Math.max(0, handed.sum() - completed.get());
  }

  /** True when {@code items} more fit in the queue with everything still in flight. */
  boolean hasRoomFor(int items) {
    return inFlight() + items <= capacity;
  }

  /** Waits until {@code items} more fit, at most {@code timeoutNanos}; true when they do. */
  synchronized boolean awaitRoomFor(int items, long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (!hasRoomFor(items)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Completes once every item counted by {@link #handed()} up to {@code mark} has been exported. */
  CompletableResultCode completedUpTo(long mark) {
    synchronized (this) {
      if (completed.get() >= mark) {
        return CompletableResultCode.ofSuccess();
      }
      CompletableResultCode result = new CompletableResultCode();
      waiting.add(new Waiting(mark, result));
      return result;
    }
  }

  @Override
  public String toString() {
    return inFlight() + " " + signal + " (queue " + capacity + ")";
  }
}
