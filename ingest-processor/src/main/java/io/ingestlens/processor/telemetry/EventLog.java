package io.ingestlens.processor.telemetry;

import io.ingestlens.event.IngestionEvent;
import io.ingestlens.event.RejectReason;
import io.ingestlens.event.Resources;
import io.ingestlens.event.Run;
import io.ingestlens.runtime.otel.IngestionAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The processor's per-record log records, emitted by the worker handling the record, inside its
 * span, so the OpenTelemetry appender gives them its trace and span ids.
 *
 * <p>All go through SLF4J and Logback, to the OpenTelemetry appender that {@code ServiceTelemetry}
 * attaches to logger {@code io.ingestlens.processor} (key-value pairs become typed attributes:
 * {@link Double} and {@link Long} stay numeric). The run record (one per processed event, logger
 * {@value #RUNS_LOGGER}) is kept off the console by {@link ConsoleRunsFilter}; refused records
 * and duplicates are rare and reach the console too. The records therefore go to the SDK whose
 * {@code ServiceTelemetry} bridges that logger, not through the {@code OpenTelemetry} the
 * processor was given: the two are the same in the service, the quickstart and the tests.
 */
public final class EventLog {

  public static final String RUNS_LOGGER = "io.ingestlens.processor.runs";
  public static final String REJECTS_LOGGER = "io.ingestlens.processor.rejects";
  public static final String DUPLICATES_LOGGER = "io.ingestlens.processor.duplicates";

  /** Attribute values are metadata, not labels: cut long, only cleaned of control characters. */
  private static final int MAX_ATTRIBUTE_CHARS = 1024;

  // The contract's log attribute names (docs/telemetry.md, "Log records").
  private static final String EVENT_ID = IngestionAttributes.EVENT_ID.getKey();
  private static final String SOURCE = IngestionAttributes.SOURCE.getKey();
  private static final String OBJECT = IngestionAttributes.OBJECT.getKey();
  private static final String STATUS = IngestionAttributes.STATUS.getKey();
  private static final String COMPANY = IngestionAttributes.COMPANY.getKey();
  private static final String ZONE = IngestionAttributes.ZONE.getKey();
  private static final String STARTED_AT = "ingestion.run.started_at";
  private static final String ENDED_AT = "ingestion.run.ended_at";
  private static final String DURATION_S = "ingestion.run.duration_s";
  private static final String CPU_TIME_S = "ingestion.run.cpu_time_s";
  private static final String MEMORY_BYTES = "ingestion.run.memory_bytes";
  private static final String ORIGIN_MODE = IngestionAttributes.ORIGIN_MODE.getKey();
  private static final String PARTITION = IngestionAttributes.MESSAGING_PARTITION.getKey();
  private static final String OFFSET = IngestionAttributes.MESSAGING_KAFKA_OFFSET.getKey();
  private static final String DESTINATION = IngestionAttributes.MESSAGING_DESTINATION.getKey();
  private static final String ERROR_TYPE = IngestionAttributes.ERROR_TYPE.getKey();

  private static final Logger RUNS = LoggerFactory.getLogger(RUNS_LOGGER);
  private static final Logger REJECTS = LoggerFactory.getLogger(REJECTS_LOGGER);
  private static final Logger DUPLICATES = LoggerFactory.getLogger(DUPLICATES_LOGGER);

  private final String topic;

  public EventLog(String topic) {
    this.topic = topic;
  }

  /**
   * One record per processed run: INFO for SUCCESS, ERROR for FAILED, WARN otherwise. The body is
   * the description (or {@code run <STATUS>}), with control characters replaced and cut to 8 KiB;
   * the timestamp is Logback's event time.
   *
   * @param startedAt {@code run.started_at} as the event wrote it (formatting the instant again costs more)
   * @param endedAt {@code run.ended_at} as written, or the effective end when the event has none
   * @param durationS {@code run.duration_s}, boxed once by the reader
   */
  public void run(IngestionEvent event, String startedAt, String endedAt, Double durationS, String partition, long offset) {
    Run run = event.run();
    String status = run.status();
    String description = run.description();
    String body =
        description == null || description.isBlank()
            ? "run " + status
            : LogText.sanitize(description, LogText.MAX_BODY_CHARS);
    LoggingEventBuilder log =
        Run.SUCCESS.equals(status) ? RUNS.atInfo() : Run.FAILED.equals(status) ? RUNS.atError() : RUNS.atWarn();
    log.setMessage(body)
        .addKeyValue(EVENT_ID, event.eventId())
        .addKeyValue(SOURCE, attribute(event.ingested().source()))
        .addKeyValue(OBJECT, attribute(event.ingested().object()))
        .addKeyValue(STATUS, status)
        .addKeyValue(COMPANY, attributeOrUnknown(event.tenant().company()))
        .addKeyValue(ZONE, attributeOrUnknown(event.tenant().zone()))
        .addKeyValue(STARTED_AT, startedAt)
        .addKeyValue(ENDED_AT, endedAt)
        .addKeyValue(DURATION_S, durationS) // the reader's Double: no boxing here
        .addKeyValue(ORIGIN_MODE, event.origin().mode())
        .addKeyValue(PARTITION, partition)
        .addKeyValue(OFFSET, offset); // boxed: SLF4J values are objects
    Resources resources = event.resources();
    if (resources.cpuTimeS() != null) {
      log.addKeyValue(CPU_TIME_S, resources.cpuTimeS());
    }
    if (resources.memoryBytes() != null) {
      log.addKeyValue(MEMORY_BYTES, resources.memoryBytes());
    }
    log.log(); // in the current context: the record's span
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
