package io.ingestlens.processor.telemetry;

import static io.ingestlens.runtime.otel.IngestionAttributes.ERROR_TYPE;
import static io.ingestlens.runtime.otel.IngestionAttributes.MESSAGING_CONSUMER_GROUP;
import static io.ingestlens.runtime.otel.IngestionAttributes.MESSAGING_DESTINATION;
import static io.ingestlens.runtime.otel.IngestionAttributes.MESSAGING_OPERATION_NAME;
import static io.ingestlens.runtime.otel.IngestionAttributes.MESSAGING_SYSTEM;

import io.ingestlens.event.RejectReason;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What the processor itself did with each record: processed, rejected, duplicate, how fast. */
public final class PipelineMetrics {

  static final List<Double> DELIVERY_DELAY_BUCKETS =
      List.of(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0);
  static final List<Double> PROCESS_DURATION_BUCKETS =
      List.of(0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0);

  private final LongCounter processed;
  private final LongCounter rejected;
  private final LongCounter duplicates;
  private final DoubleHistogram deliveryDelay;
  private final DoubleHistogram processDuration;

  private final Attributes topic;
  private final Map<RejectReason, Attributes> rejectedByReason = new EnumMap<>(RejectReason.class);
  private final Attributes processOk;
  private final Map<RejectReason, Attributes> processFailedByReason = new EnumMap<>(RejectReason.class);

  public PipelineMetrics(Meter meter, String topicName, String groupId) {
    this.processed =
        meter.counterBuilder("ingestion.events.processed").setUnit("{event}")
            .setDescription("Valid events processed (duplicates excluded).").build();
    this.rejected =
        meter.counterBuilder("ingestion.events.rejected").setUnit("{event}")
            .setDescription("Records refused as invalid and sent to the dead-letter topic.").build();
    this.duplicates =
        meter.counterBuilder("ingestion.events.duplicates").setUnit("{event}")
            .setDescription("Events delivered again and not counted twice.").build();
    this.deliveryDelay =
        meter.histogramBuilder("ingestion.event.delivery_delay").setUnit("s")
            .setDescription("Time from the Kafka record timestamp to the record being handled.")
            .setExplicitBucketBoundariesAdvice(DELIVERY_DELAY_BUCKETS).build();
    this.processDuration =
        meter.histogramBuilder("messaging.process.duration").setUnit("s")
            .setDescription("Duration of processing operation.")
            .setExplicitBucketBoundariesAdvice(PROCESS_DURATION_BUCKETS).build();

    this.topic = Attributes.of(MESSAGING_DESTINATION, topicName);
    this.processOk =
        Attributes.of(
            MESSAGING_SYSTEM, "kafka",
            MESSAGING_OPERATION_NAME, "process",
            MESSAGING_DESTINATION, topicName,
            MESSAGING_CONSUMER_GROUP, groupId);
    for (RejectReason reason : RejectReason.values()) {
      rejectedByReason.put(reason, topic.toBuilder().put(ERROR_TYPE, reason.errorType()).build());
      processFailedByReason.put(reason, processOk.toBuilder().put(ERROR_TYPE, reason.errorType()).build());
    }
  }

  public void processed() {
    processed.add(1, topic, RunMetrics.NO_EXEMPLAR);
  }

  public void rejected(RejectReason reason) {
    rejected.add(1, rejectedByReason.get(reason), RunMetrics.NO_EXEMPLAR);
  }

  public void duplicate() {
    duplicates.add(1, topic, RunMetrics.NO_EXEMPLAR);
  }

  public void deliveryDelay(double seconds) {
    deliveryDelay.record(Math.max(0, seconds), topic, RunMetrics.NO_EXEMPLAR);
  }

  /** @param reason null when the record was handled without error */
  public void processDuration(double seconds, RejectReason reason) {
    processDuration.record(seconds, reason == null ? processOk : processFailedByReason.get(reason), RunMetrics.NO_EXEMPLAR);
  }
}
