package io.ingestlens.producer.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.ingestlens.event.IngestionEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/** The published JSON Schema of the event, with format assertions on (uuid, date-time). */
public final class EventSchema {

  private static final JsonSchema SCHEMA = load();

  private EventSchema() {}

  private static JsonSchema load() {
    try (InputStream in = IngestionEvent.class.getResourceAsStream("ingestion-event.v1.schema.json")) {
      SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Set<ValidationMessage> validate(JsonNode event) {
    return SCHEMA.validate(event);
  }
}
