package io.ingestlens.producer.legacy;

/** Receives what the reader makes of each record, in file order. */
public interface LegacyRecordHandler {

  /** A record that became a valid event. */
  void accept(io.ingestlens.event.IngestionEvent event) throws InterruptedException;

  /** A record that did not; the rest of the file is still read. */
  void reject(Rejection rejection);
}
