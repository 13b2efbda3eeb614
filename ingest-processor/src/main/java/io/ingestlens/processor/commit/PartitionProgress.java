package io.ingestlens.processor.commit;

/** Where one partition stands: the next offset to read, and how many records got it there. */
record PartitionProgress(long next, long records) {

  /** This, followed by {@code later}. */
  PartitionProgress then(PartitionProgress later) {
    return new PartitionProgress(later.next, records + later.records);
  }
}
