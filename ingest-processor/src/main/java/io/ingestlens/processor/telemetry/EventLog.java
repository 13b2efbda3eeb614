package io.ingestlens.processor.telemetry;

import io.ingestlens.event.IngestionEvent;
import io.ingestlens.event.RejectReason;
import io.ingestlens.event.Resources;
import io.ingestlens.event.Run;
import io.ingestlens.runtime.otel.IngestionAttributes;
import io.ingestlens.runtime.otel.LabelGuard;
import io.ingestlens.runtime.otel.LogText;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The processor's per-record log records, emitted by the worker handling the record, inside its
 * span, so they carry its trace and span ids.
 *
 * <p>The run record (one per processed event) is an OpenTelemetry event, {@value #RUN_EVENT},
 * emitted through the Logs API of the processor's own {@code OpenTelemetry} (scope
 * {@value #SCOPE}): typed attributes, no logging framework in between. With
 * {@code INGEST_CONSOLE_RUNS_LEVEL} it is also written to the console through Logback logger
 * {@value #RUNS_LOGGER}, which does not reach the OpenTelemetry appender (see logback.xml).
 *
 * <p>Refused records and duplicates are the service's operational log: rare, through SLF4J and
 * Logback, to the console and, by the OpenTelemetry appender {@code ServiceTelemetry} attaches to
 * logger {@code io.ingestlens.processor}, over OTLP.
 */
public final class EventLog {

  /** The run record's event name. */
  public static final String RUN_EVENT = "ingestion.run";
  /** The instrumentation scope of the run events. */
  public static final String SCOPE = "io.ingestlens.processor";
  /** Console copies of run records ({@code INGEST_CONSOLE_RUNS_LEVEL}); never exported. */
  public static final String RUNS_LOGGER = "io.ingestlens.processor.runs";
  public static final String REJECTS_LOGGER = "io.ingestlens.processor.rejects";
  public static final String DUPLICATES_LOGGER = "io.ingestlens.processor.duplicates";

  /** Attribute values are metadata, not labels: cut long, only cleaned of control characters. */
  private static final int MAX_ATTRIBUTE_CHARS = 1024;

  // The contract's log attribute names (docs/telemetry.md, "Log records").
  private static final AttributeKey<String> STARTED_AT = AttributeKey.stringKey("ingestion.run.started_at");
  private static final AttributeKey<String> ENDED_AT = AttributeKey.stringKey("ingestion.run.ended_at");
  private static final AttributeKey<Double> DURATION_S = AttributeKey.doubleKey("ingestion.run.duration_s");
  private static final AttributeKey<Double> CPU_TIME_S = AttributeKey.doubleKey("ingestion.run.cpu_time_s");
  private static final AttributeKey<Long> MEMORY_BYTES = AttributeKey.longKey("ingestion.run.memory_bytes");
  private static final String EVENT_ID = IngestionAttributes.EVENT_ID.getKey();
  private static final String PARTITION = IngestionAttributes.MESSAGING_PARTITION.getKey();
  private static final String OFFSET = IngestionAttributes.MESSAGING_KAFKA_OFFSET.getKey();
  private static final String DESTINATION = IngestionAttributes.MESSAGING_DESTINATION.getKey();
  private static final String ERROR_TYPE = IngestionAttributes.ERROR_TYPE.getKey();

  private static final org.slf4j.Logger RUNS = LoggerFactory.getLogger(RUNS_LOGGER);
  private static final org.slf4j.Logger REJECTS = LoggerFactory.getLogger(REJECTS_LOGGER);
  private static final org.slf4j.Logger DUPLICATES = LoggerFactory.getLogger(DUPLICATES_LOGGER);

  private final Logger runs;
  private final String topic;

  public EventLog(OpenTelemetry openTelemetry, String topic) {
    this.runs = openTelemetry.getLogsBridge().get(SCOPE);
    this.topic = topic;
  }

  /**
   * One event per processed run: INFO for SUCCESS, ERROR for FAILED, WARN otherwise. The body is
   * the description (or {@code run <STATUS>}), with control characters replaced and cut to 8 KiB;
   * the timestamp is when the record was handled; the context is the current one (the record's span).
   *
   * @param startedAt {@code run.started_at} as the event wrote it (formatting the instant again costs more)
   * @param endedAt {@code run.ended_at} as written, or the effective end when the event has none
   * @param durationS {@code run.duration_s}, boxed once by the reader
   */
  public void run(
      IngestionEvent event, String startedAt, String endedAt, Double durationS, String partition, long offset,
      long handledEpochNanos) {
    Run run = event.run();
    String status = run.status();
    String description = run.description();
    String body =
        description == null || description.isBlank()
            ? "run " + status
            : LogText.sanitize(description, LogText.MAX_BODY_CHARS);
    boolean success = Run.SUCCESS.equals(status);
    boolean failed = Run.FAILED.equals(status);
    Severity severity = success ? Severity.INFO : failed ? Severity.ERROR : Severity.WARN;
    LogRecordBuilder record = runs.logRecordBuilder()
        .setEventName(RUN_EVENT)
        .setTimestamp(handledEpochNanos, TimeUnit.NANOSECONDS)
        .setSeverity(severity)
        .setSeverityText(severity.name())
        .setBody(body)
        .setAttribute(IngestionAttributes.EVENT_ID, event.eventId())
        .setAttribute(IngestionAttributes.SOURCE, attribute(event.ingested().source()))
        .setAttribute(IngestionAttributes.OBJECT, attribute(event.ingested().object()))
        .setAttribute(IngestionAttributes.STATUS, status)
        .setAttribute(IngestionAttributes.COMPANY, attributeOrUnknown(event.tenant().company()))
        .setAttribute(IngestionAttributes.ZONE, attributeOrUnknown(event.tenant().zone()))
        .setAttribute(STARTED_AT, startedAt)
        .setAttribute(ENDED_AT, endedAt)
        .setAttribute(DURATION_S, durationS)
        .setAttribute(IngestionAttributes.ORIGIN_MODE, event.origin().mode())
        .setAttribute(IngestionAttributes.MESSAGING_PARTITION, partition)
        .setAttribute(IngestionAttributes.MESSAGING_KAFKA_OFFSET, offset);
    Resources resources = event.resources();
    if (resources.cpuTimeS() != null) {
      record.setAttribute(CPU_TIME_S, resources.cpuTimeS());
    }
    if (resources.memoryBytes() != null) {
      record.setAttribute(MEMORY_BYTES, resources.memoryBytes());
    }
    record.emit(); // in the current context: the record's span
    Level level = success ? Level.INFO : failed ? Level.ERROR : Level.WARN;
    if (RUNS.isEnabledForLevel(level)) { // OFF unless INGEST_CONSOLE_RUNS_LEVEL says otherwise
      RUNS.atLevel(level)
          .addKeyValue(EVENT_ID, event.eventId())
          .addKeyValue(IngestionAttributes.SOURCE.getKey(), attribute(event.ingested().source()))
          .addKeyValue(IngestionAttributes.OBJECT.getKey(), attribute(event.ingested().object()))
          .addKeyValue(IngestionAttributes.STATUS.getKey(), status)
          .log(body);
    }
  }

  /** A refused record: never its payload, only the reason and a capped, cleaned detail. */
  public void rejected(RejectReason reason, String detail, String partition, long offset) {
    REJECTS
        .atWarn()
        .addKeyValue(ERROR_TYPE, reason.errorType())
        .addKeyValue(DESTINATION, topic)
        .addKeyValue(PARTITION, partition)
        .addKeyValue(OFFSET, offset)
        .setMessage("rejected record " + partition + "/" + offset + " of " + topic + ": "
            + reason.errorType() + ": " + detail)
        .log();
  }

  public void duplicate(String eventId, String partition, long offset) {
    if (DUPLICATES.isDebugEnabled()) {
      DUPLICATES
          .atDebug()
          .addKeyValue(EVENT_ID, eventId)
          .addKeyValue(DESTINATION, topic)
          .addKeyValue(PARTITION, partition)
          .addKeyValue(OFFSET, offset)
          .setMessage("duplicate event " + eventId + " not counted again")
          .log();
    }
  }

  private static String attribute(String value) {
    return LogText.sanitize(value, MAX_ATTRIBUTE_CHARS);
  }

  private static String attributeOrUnknown(String value) {
    return value == null ? LabelGuard.UNKNOWN : attribute(value);
  }
}
