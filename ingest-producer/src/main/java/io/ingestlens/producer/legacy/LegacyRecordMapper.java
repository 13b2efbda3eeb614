package io.ingestlens.producer.legacy;

import static io.ingestlens.producer.legacy.LegacyFields.CPU;
import static io.ingestlens.producer.legacy.LegacyFields.DEBUT;
import static io.ingestlens.producer.legacy.LegacyFields.DESCRIPTION;
import static io.ingestlens.producer.legacy.LegacyFields.DUREE;
import static io.ingestlens.producer.legacy.LegacyFields.ENTREPRISE;
import static io.ingestlens.producer.legacy.LegacyFields.ETAT;
import static io.ingestlens.producer.legacy.LegacyFields.FIN;
import static io.ingestlens.producer.legacy.LegacyFields.MEMORY;
import static io.ingestlens.producer.legacy.LegacyFields.OBJET;
import static io.ingestlens.producer.legacy.LegacyFields.SOURCE;
import static io.ingestlens.producer.legacy.LegacyFields.ZONE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ingestlens.event.EventIds;
import io.ingestlens.event.Ingested;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.event.Resources;
import io.ingestlens.event.Run;
import io.ingestlens.event.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/** Maps one legacy record to a version-1 event; see docs/event-schema.md for the table. */
public final class LegacyRecordMapper {

  private final ZoneId zone;

  /** @param zone the zone of date-times written without an offset */
  public LegacyRecordMapper(ZoneId zone) {
    this.zone = zone;
  }

  public IngestionEvent map(ObjectNode record, Position position) throws InvalidRecordException {
    String source = LegacyValues.requiredText(record, SOURCE);
    String object = LegacyValues.requiredText(record, OBJET);
    String status = LegacyValues.status(record, ETAT);
    Instant startedAt = LegacyValues.instant(record, DEBUT, zone);
    if (startedAt == null) {
      throw new InvalidRecordException(LegacyRejectReason.MISSING_FIELD, DEBUT + " is missing");
    }
    Instant endedAt = LegacyValues.instant(record, FIN, zone);
    if (endedAt != null && endedAt.isBefore(startedAt)) {
      throw new InvalidRecordException(
          LegacyRejectReason.INVALID_TIME_RANGE, FIN + " " + endedAt + " is before " + DEBUT + " " + startedAt);
    }
    Double duration = LegacyValues.seconds(record, DUREE);
    if (duration == null) {
      if (endedAt == null) {
        throw new InvalidRecordException(
            LegacyRejectReason.MISSING_FIELD, "neither " + DUREE + " nor " + FIN + " is given");
      }
      Duration elapsed = Duration.between(startedAt, endedAt);
      duration = elapsed.getSeconds() + elapsed.getNano() / 1e9;
    }
    Run run =
        new Run(status, startedAt, endedAt, duration, LegacyValues.description(record, DESCRIPTION));
    return new IngestionEvent(
        IngestionEvent.SCHEMA_VERSION,
        // From the record as read, so a replay of the same record always gives the same id.
        EventIds.forLegacyRecord(record),
        IngestionEvent.EVENT_TYPE,
        run,
        new Ingested(source, object),
        new Tenant(
            LegacyValues.optionalText(record, ENTREPRISE), LegacyValues.optionalText(record, ZONE)),
        new Resources(LegacyValues.seconds(record, CPU), LegacyValues.bytes(record, MEMORY)),
        position.toOrigin(),
        extra(record));
  }

  private static Map<String, JsonNode> extra(ObjectNode record) {
    Map<String, JsonNode> extra = new LinkedHashMap<>();
    record
        .properties()
        .forEach(
            field -> {
              if (!LegacyFields.KNOWN.contains(field.getKey())) {
                extra.put(field.getKey(), field.getValue());
              }
            });
    return extra;
  }
}
