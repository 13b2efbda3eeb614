package io.ingestlens.event;

/**
 * The Kafka record key of an event: {@code <source>/<object>}. Everything the processor keeps per
 * run history (time to recovery) is per source and object, so their runs must stay in order: one
 * key, one partition. A key per source kept that too, but a few busy sources then filled one
 * partition (four of the sample's five land on the same one of three), so neither more partitions
 * nor more processor instances could share the load.
 */
public final class RecordKey {

  private RecordKey() {}

  public static String of(IngestionEvent event) {
    return event.ingested().source() + "/" + event.ingested().object();
  }
}
