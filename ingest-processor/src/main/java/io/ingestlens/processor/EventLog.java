package io.ingestlens.processor;

import io.ingestlens.event.IngestionEvent;
import io.ingestlens.event.Run;
import io.ingestlens.runtime.otel.IngestionAttributes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Severity;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's per-record log records, emitted inside the record's span so they carry its trace
 * and span ids.
 *
 * <p>The run record (one per processed event, scope {@code io.ingestlens.processor.runs}) goes
 * straight to the OpenTelemetry Logs API with attribute keys built once: through Logback and its
 * OpenTelemetry appender it cost twice as much (a logging event, a key-value list, a key lookup
 * per attribute), the largest single cost per event. Refused records and duplicates are rare and go
 * through SLF4J (loggers under {@code io.ingestlens.processor}, where the service's log bridge is
 * attached), so they also reach the console.
 */
final class EventLog {

  static final String RUNS_LOGGER = "io.ingestlens.processor.runs";
  static final String REJECTS_LOGGER = "io.ingestlens.processor.rejects";
  static final String DUPLICATES_LOGGER = "io.ingestlens.processor.duplicates";

  /** Attribute values are metadata, not labels: cut long, only cleaned of control characters. */
  private static final int MAX_ATTRIBUTE_CHARS = 1024;

  private static final AttributeKey<String> STARTED_AT = AttributeKey.stringKey("ingestion.run.started_at");
  private static final AttributeKey<String> ENDED_AT = AttributeKey.stringKey("ingestion.run.ended_at");
  private static final AttributeKey<Double> DURATION_S = AttributeKey.doubleKey("ingestion.run.duration_s");
  private static final AttributeKey<Double> CPU_TIME_S = AttributeKey.doubleKey("ingestion.run.cpu_time_s");
  private static final AttributeKey<Long> MEMORY_BYTES = AttributeKey.longKey("ingestion.run.memory_bytes");

  private static final Logger REJECTS = LoggerFactory.getLogger(REJECTS_LOGGER);
  private static final Logger DUPLICATES = LoggerFactory.getLogger(DUPLICATES_LOGGER);

  private final io.opentelemetry.api.logs.Logger runs;
  private final String topic;

  EventLog(OpenTelemetry openTelemetry, String topic) {
    this.runs = openTelemetry.getLogsBridge().get(RUNS_LOGGER);
    this.topic = topic;
  }

  /**
   * One record per processed run: INFO for SUCCESS, ERROR for FAILED, WARN otherwise. The body is
   * the description (or {@code run <STATUS>}), with control characters replaced and cut to 8 KiB.
   *
   * @param epochNanos when the record was taken up, the log record's timestamp
   */
  void run(EventReader.Valid valid, String partition, long offset, long epochNanos) {
    IngestionEvent event = valid.event();
    Run run = event.run();
    String description = run.description();
    String body =
        description == null || description.isBlank()
            ? "run " + run.status()
            : LogText.sanitize(description, LogText.MAX_BODY_CHARS);
    LogRecordBuilder log = runs.logRecordBuilder().setTimestamp(epochNanos, TimeUnit.NANOSECONDS);
    if (Run.SUCCESS.equals(run.status())) {
      log.setSeverity(Severity.INFO).setSeverityText("INFO");
    } else if (Run.FAILED.equals(run.status())) {
      log.setSeverity(Severity.ERROR).setSeverityText("ERROR");
    } else {
      log.setSeverity(Severity.WARN).setSeverityText("WARN");
    }
    log.setBody(body)
        .setAttribute(IngestionAttributes.EVENT_ID, event.eventId())
        .setAttribute(IngestionAttributes.SOURCE, attribute(event.ingested().source()))
        .setAttribute(IngestionAttributes.OBJECT, attribute(event.ingested().object()))
        .setAttribute(IngestionAttributes.STATUS, run.status())
        .setAttribute(IngestionAttributes.COMPANY, attributeOrUnknown(event.tenant().company()))
        .setAttribute(IngestionAttributes.ZONE, attributeOrUnknown(event.tenant().zone()))
        .setAttribute(STARTED_AT, valid.startedAt())
        .setAttribute(ENDED_AT, valid.endedAt())
        .setAttribute(DURATION_S, run.durationS())
        .setAttribute(IngestionAttributes.ORIGIN_MODE, event.origin().mode())
        .setAttribute(IngestionAttributes.MESSAGING_PARTITION, partition)
        .setAttribute(IngestionAttributes.MESSAGING_KAFKA_OFFSET, offset);
    if (event.resources().cpuTimeS() != null) {
      log.setAttribute(CPU_TIME_S, event.resources().cpuTimeS());
    }
    if (event.resources().memoryBytes() != null) {
      log.setAttribute(MEMORY_BYTES, event.resources().memoryBytes());
    }
    log.emit(); // in the current context: the record's span
  }

  /** A refused record: never its payload, only the reason and a capped, cleaned detail. */
  void rejected(RejectReason reason, String detail, String partition, long offset) {
    REJECTS
        .atWarn()
        .addKeyValue("error.type", reason.errorType())
        .addKeyValue("messaging.destination.name", topic)
        .addKeyValue("messaging.destination.partition.id", partition)
        .addKeyValue("messaging.kafka.offset", offset)
        .setMessage("rejected record " + partition + "/" + offset + " of " + topic + ": "
            + reason.errorType() + ": " + detail)
        .log();
  }

  void duplicate(String eventId, String partition, long offset) {
    if (DUPLICATES.isDebugEnabled()) {
      DUPLICATES
          .atDebug()
          .addKeyValue("ingestion.event_id", eventId)
          .addKeyValue("messaging.destination.name", topic)
          .addKeyValue("messaging.destination.partition.id", partition)
          .addKeyValue("messaging.kafka.offset", offset)
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
