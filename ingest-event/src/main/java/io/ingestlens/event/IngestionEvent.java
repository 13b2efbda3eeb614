package io.ingestlens.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One ingestion run, as published on Kafka. Field names are English snake_case, grouped by concern,
 * with units in the names; see docs/event-schema.md and the JSON Schema next to this class.
 *
 * @param schemaVersion version of this structure; consumers reject versions they do not know
 * @param eventId deterministic id: the same legacy record always yields the same id
 * @param eventType always {@link #EVENT_TYPE}
 * @param run what happened: status, times, duration, description
 * @param ingested what was ingested: the source system and the object
 * @param tenant who it was ingested for: company and zone
 * @param resources what the run consumed
 * @param origin where the event comes from: file and position, or the live generator
 * @param extra legacy fields the mapping does not know, kept verbatim under their original names
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestionEvent(
    @JsonProperty("schema_version") int schemaVersion,
    @JsonProperty("event_id") String eventId,
    @JsonProperty("event_type") String eventType,
    @JsonProperty("run") Run run,
    @JsonProperty("ingested") Ingested ingested,
    @JsonProperty("tenant") Tenant tenant,
    @JsonProperty("resources") Resources resources,
    @JsonProperty("origin") Origin origin,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("extra") Map<String, JsonNode> extra) {

  public static final int SCHEMA_VERSION = 1;
  public static final String EVENT_TYPE = "ingestion.run";

  public IngestionEvent {
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  /** The same event with other run times, as when a replay is rebased onto the present. */
  public IngestionEvent withRun(Run newRun) {
    return new IngestionEvent(
        schemaVersion, eventId, eventType, newRun, ingested, tenant, resources, origin, extra);
  }
}
