package io.ingestlens.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonTest {

  static final IngestionEvent SAMPLE =
      new IngestionEvent(
          IngestionEvent.SCHEMA_VERSION,
          EventIds.forGenerated(1, 1),
          IngestionEvent.EVENT_TYPE,
          new Run(Run.FAILED, Instant.parse("2025-09-15T10:30:00Z"), Instant.parse("2025-09-15T10:30:01.5Z"), 1.5, "HTTP 429"),
          new Ingested("sharepoint_graph", "EventFactureApplication"),
          new Tenant("akonovia", "1-Raw"),
          new Resources(0.11, 5_849_088L),
          new Origin(Origin.REPLAY, "logs.json", 3L, "index"),
          Map.of("id", IntNode.valueOf(1224)));

  @Test
  void roundTripsWithUtcIsoTimesAndSnakeCaseNames() throws IOException {
    String json = EventJson.toJson(SAMPLE);

    assertThat(json)
        .contains("\"schema_version\":1", "\"started_at\":\"2025-09-15T10:30:00Z\"", "\"memory_bytes\":5849088", "\"extra\":{\"id\":1224}");
    // The model reads it back whole (extra included); the reader keeps all the processor needs.
    assertThat(EventJson.mapper().readValue(json, IngestionEvent.class)).isEqualTo(SAMPLE);
    EventReader.Result read = new EventReader().read(json.getBytes(StandardCharsets.UTF_8), Instant.now().getEpochSecond());
    assertThat(read).isInstanceOf(EventReader.Valid.class);
    assertThat(((EventReader.Valid) read).event()).usingRecursiveComparison().ignoringFields("extra").isEqualTo(SAMPLE);
  }

  @Test
  void sampleIsValidAgainstThePublishedSchema() throws IOException {
    JsonNode node = EventJson.mapper().readTree(EventJson.toBytes(SAMPLE));
    assertThat(schema().validate(node)).isEmpty();
  }

  @Test
  void schemaRejectsWhatTheModelForbids() throws IOException {
    JsonNode node = EventJson.mapper().readTree(EventJson.toBytes(SAMPLE));
    ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("run")).put("duration_s", -1);
    ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("schema_version", 2);
    assertThat(schema().validate(node)).hasSize(2);
  }

  @Test
  void theSharedMapperHasTheReadersLimits() {
    String deep = "{\"a\":".repeat(EventJson.MAX_NESTING_DEPTH + 1) + "1" + "}".repeat(EventJson.MAX_NESTING_DEPTH + 1);
    assertThatThrownBy(() -> EventJson.mapper().readTree(deep)).isInstanceOf(IOException.class).hasMessageContaining("nesting depth");
    assertThatThrownBy(() -> EventJson.mapper().readTree("{\"a\":1,\"a\":2}")).isInstanceOf(IOException.class).hasMessageContaining("Duplicate field");
  }

  static JsonSchema schema() throws IOException {
    try (InputStream in = IngestionEvent.class.getResourceAsStream("ingestion-event.v1.schema.json")) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
  }
}
