package io.ingestlens.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/**
 * The event's JSON codec, UTF-8 bytes with ISO-8601 UTC times: {@link #toBytes} writes an event
 * (Jackson databind over the model's annotations) and {@link EventReader} reads and validates one
 * (Jackson's streaming parser), both through the one factory configured here with the event's
 * limits. The producer writes with it, the processor reads with it.
 */
public final class EventJson {

  /** Larger record values are refused before they are parsed. */
  public static final int MAX_EVENT_BYTES = 1 << 20;

  /** Deeper documents than this are refused before they cost stack or memory. */
  public static final int MAX_NESTING_DEPTH = 64;

  /**
   * Field names canonicalised and interned (the reader's switches then compare references), a
   * name given twice in any object refused, and the stream read constraints set to the event's
   * limits: no string or document past {@link #MAX_EVENT_BYTES}, no nesting past
   * {@link #MAX_NESTING_DEPTH}. Error locations never quote the input.
   */
  static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
          .enable(JsonFactory.Feature.INTERN_FIELD_NAMES)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_NESTING_DEPTH)
                  .maxDocumentLength(MAX_EVENT_BYTES)
                  .maxStringLength(MAX_EVENT_BYTES)
                  .build())
          .build();

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(FACTORY)
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          // Consumers must tolerate fields added by a later minor change of the same version.
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private static final ObjectWriter WRITER = MAPPER.writerFor(IngestionEvent.class);

  private EventJson() {}

  /** The shared, configured mapper (trees and tests); do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static byte[] toBytes(IngestionEvent event) {
    try {
      return WRITER.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String toJson(IngestionEvent event) {
    try {
      return WRITER.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
