package io.ingestlens.producer.publish;

import io.ingestlens.event.IngestionEvent;

/** Where events go: Kafka, or standard output for a dry run. */
public interface EventSink extends AutoCloseable {

  /** Hands one event over; it may still be in flight when this returns. */
  void publish(IngestionEvent event) throws InterruptedException;

  /** Waits until every event handed over is delivered or has failed. */
  void flush() throws InterruptedException;

  /** Events delivered so far (for Kafka: acknowledged by the broker). */
  long delivered();

  /** Events that could not be delivered. */
  long failed();

  /** The verb of the summary line: "published", or "written" for a dry run. */
  String verb();

  @Override
  void close();
}
