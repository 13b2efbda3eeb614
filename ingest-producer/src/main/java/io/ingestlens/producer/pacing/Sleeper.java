package io.ingestlens.producer.pacing;

/** Waits; a seam so that pacing can be tested without waiting. */
@FunctionalInterface
public interface Sleeper {

  Sleeper SYSTEM = nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));

  void sleepNanos(long nanos) throws InterruptedException;
}
