package io.ingestlens.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.ingestlens.event.EventJson;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.event.Origin;
import io.ingestlens.event.Resources;
import io.ingestlens.event.Run;
import io.ingestlens.event.Tenant;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A writer of the event over Jackson's streaming generator, field by field, measured against the
 * databind writer ({@link EventJson#toBytes}) in the codec case. It writes the same bytes (the
 * benchmark checks it on every event it writes before measuring).
 */
final class StreamingEventWriter {

  private StreamingEventWriter() {}

  static byte[] toBytes(IngestionEvent e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(640);
    try (JsonGenerator g = EventJson.mapper().getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("schema_version", e.schemaVersion());
      string(g, "event_id", e.eventId());
      string(g, "event_type", e.eventType());
      Run run = e.run();
      if (run != null) {
        g.writeObjectFieldStart("run");
        string(g, "status", run.status());
        if (run.startedAt() != null) {
          g.writeStringField("started_at", run.startedAt().toString());
        }
        if (run.endedAt() != null) {
          g.writeStringField("ended_at", run.endedAt().toString());
        }
        g.writeNumberField("duration_s", run.durationS());
        string(g, "description", run.description());
        g.writeEndObject();
      }
      if (e.ingested() != null) {
        g.writeObjectFieldStart("ingested");
        string(g, "source", e.ingested().source());
        string(g, "object", e.ingested().object());
        g.writeEndObject();
      }
      Tenant tenant = e.tenant();
      if (tenant != null) {
        g.writeObjectFieldStart("tenant");
        string(g, "company", tenant.company());
        string(g, "zone", tenant.zone());
        g.writeEndObject();
      }
      Resources resources = e.resources();
      if (resources != null) {
        g.writeObjectFieldStart("resources");
        if (resources.cpuTimeS() != null) {
          g.writeNumberField("cpu_time_s", resources.cpuTimeS());
        }
        if (resources.memoryBytes() != null) {
          g.writeNumberField("memory_bytes", resources.memoryBytes());
        }
        g.writeEndObject();
      }
      Origin origin = e.origin();
      if (origin != null) {
        g.writeObjectFieldStart("origin");
        string(g, "mode", origin.mode());
        string(g, "file", origin.file());
        if (origin.position() != null) {
          g.writeNumberField("position", origin.position());
        }
        string(g, "position_kind", origin.positionKind());
        g.writeEndObject();
      }
      if (!e.extra().isEmpty()) {
        g.writeObjectFieldStart("extra");
        for (Map.Entry<String, JsonNode> x : e.extra().entrySet()) {
          g.writeFieldName(x.getKey());
          g.writeTree(x.getValue());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out.toByteArray();
  }

  private static void string(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }
}
