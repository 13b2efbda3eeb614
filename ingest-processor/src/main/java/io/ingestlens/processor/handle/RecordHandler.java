package io.ingestlens.processor.handle;

import static io.ingestlens.runtime.otel.IngestionAttributes.ERROR_TYPE;
import static io.ingestlens.runtime.otel.IngestionAttributes.EVENT_ID;
import static io.ingestlens.runtime.otel.IngestionAttributes.MESSAGING_CONSUMER_GROUP;
import static io.ingestlens.runtime.otel.IngestionAttributes.MESSAGING_DESTINATION;
import static io.ingestlens.runtime.otel.IngestionAttributes.MESSAGING_KAFKA_OFFSET;
import static io.ingestlens.runtime.otel.IngestionAttributes.MESSAGING_OPERATION_NAME;
import static io.ingestlens.runtime.otel.IngestionAttributes.MESSAGING_OPERATION_TYPE;
import static io.ingestlens.runtime.otel.IngestionAttributes.MESSAGING_PARTITION;
import static io.ingestlens.runtime.otel.IngestionAttributes.MESSAGING_SYSTEM;
import static io.ingestlens.runtime.otel.IngestionAttributes.OBJECT;
import static io.ingestlens.runtime.otel.IngestionAttributes.SOURCE;
import static io.ingestlens.runtime.otel.IngestionAttributes.STATUS;

import io.ingestlens.event.EventReader;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.event.RejectReason;
import io.ingestlens.event.Run;
import io.ingestlens.processor.kafka.DeadLetters;
import io.ingestlens.processor.kafka.KafkaHeadersGetter;
import io.ingestlens.processor.telemetry.EventLog;
import io.ingestlens.processor.telemetry.PipelineMetrics;
import io.ingestlens.processor.telemetry.RunMetrics;
import io.ingestlens.runtime.otel.LabelGuard;
import io.ingestlens.runtime.otel.LogText;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Handles one record from start to end inside its {@code <topic> process} span: validate, then
 * either dead-letter it, count it as a duplicate, or record the run's metrics and log record.
 *
 * <p>The span's parent is the context the producer put in the record headers, so producer and
 * processor share one trace. The record is read before the span starts (the span's start time is
 * taken first, so the span still covers it): the sampler then sees {@code ingestion.status} and can
 * keep every FAILED run even when the record carries no trace context.
 */
public final class RecordHandler implements Workers.Handler {

  static final String INSTRUMENTATION_SCOPE = "io.ingestlens.processor";
  /** Source and object are free text up to the event's size: spans keep a readable prefix. */
  private static final int MAX_SPAN_ATTRIBUTE_CHARS = 1024;

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final String spanName;
  private final String topic;
  private final String groupId;
  private final EventReader reader = new EventReader();
  private final Deduplicator deduplicator;
  private final RunMetrics runMetrics;
  private final PipelineMetrics pipelineMetrics;
  private final EventLog eventLog;
  private final DeadLetters deadLetters;
  private final boolean everyRunLogged;
  private Attributes[] partitionAttributes = new Attributes[0];
  private String[] partitionIds = new String[0];

  /**
   * The instruments and label state every worker's handler shares, made once per processor: the
   * SDK's instruments are thread-safe, {@link RunMetrics} synchronises its own state.
   */
  public record SharedMetrics(RunMetrics runs, PipelineMetrics pipeline) implements AutoCloseable {
    public static SharedMetrics create(String topic, String groupId, OpenTelemetry openTelemetry) {
      var meter = openTelemetry.getMeter(INSTRUMENTATION_SCOPE);
      return new SharedMetrics(
          new RunMetrics(meter, LabelGuard.withContractCaps()),
          new PipelineMetrics(meter, topic, groupId));
    }

    @Override
    public void close() {
      runs.close();
    }
  }

  /**
   * One handler per worker: its own reader, de-duplication window and span attributes, so the
   * worker that always gets the same record keys sees every redelivery of their events.
   *
   * @param dedupWindow how many recent event ids the handler remembers to recognise redeliveries; 0 disables
   * @param everyRunLogged a log record for every processed run, not only traced or unsuccessful ones
   */
  public RecordHandler(
      String topic,
      String groupId,
      int dedupWindow,
      boolean everyRunLogged,
      OpenTelemetry openTelemetry,
      DeadLetters deadLetters,
      SharedMetrics metrics) {
    this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    this.topic = topic;
    this.groupId = groupId;
    this.spanName = topic + " process";
    this.deduplicator = new Deduplicator(dedupWindow);
    this.runMetrics = metrics.runs();
    this.pipelineMetrics = metrics.pipeline();
    this.eventLog = new EventLog(openTelemetry, topic);
    this.deadLetters = deadLetters;
    this.everyRunLogged = everyRunLogged;
  }

  @Override
  public void handle(ConsumerRecord<byte[], byte[]> record) {
    long startNanoTime = System.nanoTime();
    Instant start = Instant.now();
    long nowMillis = start.toEpochMilli();
    long startEpochNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
    EventReader.Result result = reader.read(record.value(), start.getEpochSecond());

    Context parent = propagator.extract(Context.root(), record.headers(), KafkaHeadersGetter.INSTANCE);
    int partition = record.partition();
    SpanBuilder builder =
        tracer
            .spanBuilder(spanName)
            .setSpanKind(SpanKind.CONSUMER)
            .setParent(parent)
            .setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS)
            .setAllAttributes(partitionAttributes(partition))
            .setAttribute(MESSAGING_KAFKA_OFFSET, record.offset());
    EventReader.Valid valid = null;
    IngestionEvent event = null;
    RejectReason reason = null;
    String detail = null;
    if (result instanceof EventReader.Valid read) {
      valid = read;
      event = read.event();
      builder
          .setAttribute(EVENT_ID, event.eventId())
          .setAttribute(SOURCE, LogText.sanitize(event.ingested().source(), MAX_SPAN_ATTRIBUTE_CHARS))
          .setAttribute(OBJECT, LogText.sanitize(event.ingested().object(), MAX_SPAN_ATTRIBUTE_CHARS))
          .setAttribute(STATUS, event.run().status());
    } else {
      EventReader.Rejected rejected = (EventReader.Rejected) result;
      reason = rejected.reason();
      detail = LogText.sanitize(rejected.detail(), EventReader.MAX_DETAIL_CHARS); // it may quote the input
      builder.setAttribute(ERROR_TYPE, reason.errorType());
    }
    Span span = builder.startSpan();
    try (Scope ignored = span.makeCurrent()) {
      String partitionId = partitionIds[partition];
      if (reason != null) {
        span.setStatus(StatusCode.ERROR, reason.errorType());
        pipelineMetrics.rejected(reason);
        eventLog.rejected(reason, detail, partitionId, record.offset());
        deadLetters.send(record, reason, detail);
      } else if (deduplicator.firstSeen(valid.idHigh(), valid.idLow())) {
        runMetrics.record(event, nowMillis / 1000.0);
        if (everyRunLogged || span.getSpanContext().isSampled() || !Run.SUCCESS.equals(event.run().status())) {
          eventLog.run(event, valid.startedAt(), valid.endedAt(), valid.durationS(), partitionId, record.offset(),
              startEpochNanos);
        }
        pipelineMetrics.processed();
      } else {
        pipelineMetrics.duplicate();
        eventLog.duplicate(event.eventId(), partitionId, record.offset());
      }
      if (record.timestamp() >= 0) {
        pipelineMetrics.deliveryDelay((nowMillis - record.timestamp()) / 1000.0);
      }
      pipelineMetrics.processDuration((System.nanoTime() - startNanoTime) / 1e9, reason);
    } finally {
      span.end();
    }
  }

  /** The span attributes every record of a partition shares, built once per partition. */
  private Attributes partitionAttributes(int partition) {
    if (partition >= partitionAttributes.length) {
      int size = Math.max(partition + 1, partitionAttributes.length * 2);
      partitionAttributes = Arrays.copyOf(partitionAttributes, size);
      partitionIds = Arrays.copyOf(partitionIds, size);
    }
    Attributes attributes = partitionAttributes[partition];
    if (attributes == null) {
      String id = Integer.toString(partition);
      attributes =
          Attributes.builder()
              .put(MESSAGING_SYSTEM, "kafka")
              .put(MESSAGING_OPERATION_NAME, "process")
              .put(MESSAGING_OPERATION_TYPE, "process")
              .put(MESSAGING_DESTINATION, topic)
              .put(MESSAGING_PARTITION, id)
              .put(MESSAGING_CONSUMER_GROUP, groupId)
              .build();
      partitionAttributes[partition] = attributes;
      partitionIds[partition] = id;
    }
    return attributes;
  }
}
