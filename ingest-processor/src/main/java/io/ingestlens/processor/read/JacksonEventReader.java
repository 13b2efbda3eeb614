package io.ingestlens.processor.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.ingestlens.event.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@link EventReader}'s checks over Jackson's streaming parser instead of {@link JsonCursor}: the
 * parser fills the same draft, so only the JSON reading differs. Field names are canonicalised and
 * interned, duplicate names refused at every level, and the stream read constraints match the
 * record limits (nesting 64, document and strings 1 MiB).
 *
 * <p>Jackson is less strict than RFC 3629 about UTF-8 (it takes an overlong NUL, code points past
 * U+10FFFF and anything in a string it skips) and guesses UTF-16 or UTF-32 from NUL bytes at the
 * start; the bytes are therefore checked as strict UTF-8 ({@link Utf8}), without a byte order
 * mark or a leading NUL, before Jackson reads them. Not thread-safe: one reader per worker.
 */
public final class JacksonEventReader implements ValueReader {

  /** Null: every value is a new string; otherwise label values come from this cache. */
  private final ValueCache labels;

  /** A reader whose every string value is a new string. */
  public JacksonEventReader() {
    this(false);
  }

  /** @param cacheLabels hand out label values (source, object, status...) from a cache of those seen */
  public JacksonEventReader(boolean cacheLabels) {
    this.labels = cacheLabels ? new ValueCache() : null;
  }

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
          .enable(JsonFactory.Feature.INTERN_FIELD_NAMES)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(EventJson.MAX_NESTING_DEPTH)
                  .maxDocumentLength(EventReader.MAX_EVENT_BYTES)
                  .maxStringLength(EventReader.MAX_EVENT_BYTES)
                  .build())
          .build();

  @Override
  public EventReader.Result read(byte[] value, long nowEpochSeconds) {
    if (value == null || value.length == 0) {
      return new EventReader.Rejected(RejectReason.INVALID_JSON, "empty message");
    }
    if (value.length > EventReader.MAX_EVENT_BYTES) {
      return new EventReader.Rejected(
          RejectReason.TOO_LARGE, "message of " + value.length + " bytes exceeds " + EventReader.MAX_EVENT_BYTES);
    }
    String encoding = encodingProblem(value);
    if (encoding != null) {
      return new EventReader.Rejected(RejectReason.INVALID_JSON, encoding);
    }
    EventReader.Draft draft = new EventReader.Draft();
    try (JsonParser p = JSON.createParser(value)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return new EventReader.Rejected(RejectReason.INVALID_JSON, "no JSON value");
      }
      if (first == JsonToken.START_OBJECT) {
        root(p, draft, labels);
      } else {
        p.skipChildren(); // still read to the end: malformed JSON is invalid_json, not not_an_object
      }
      if (p.nextToken() != null) {
        return new EventReader.Rejected(RejectReason.INVALID_JSON, "data after the JSON value");
      }
      if (first != JsonToken.START_OBJECT) {
        return new EventReader.Rejected(RejectReason.NOT_AN_OBJECT, "JSON " + kind(first) + ", not an object");
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at byte " + at.getByteOffset();
      return new EventReader.Rejected(
          RejectReason.INVALID_JSON, EventReader.detail("malformed JSON: " + e.getOriginalMessage() + where));
    } catch (IOException e) {
      throw new UncheckedIOException("reading from a byte array", e);
    }
    return EventReader.finish(draft, nowEpochSeconds);
  }

  /** Null when Jackson will read the bytes as the strict UTF-8 JSON text they must be. */
  private static String encodingProblem(byte[] value) {
    if (value[0] == 0 || (value.length > 1 && value[1] == 0)) {
      return "not UTF-8 JSON: a NUL byte at the start";
    }
    if (value.length >= 3 && (value[0] & 0xff) == 0xef && (value[1] & 0xff) == 0xbb && (value[2] & 0xff) == 0xbf) {
      return "not UTF-8 JSON: a byte order mark";
    }
    int bad = Utf8.firstMalformed(value);
    if (bad >= 0) {
      return "malformed JSON: invalid UTF-8 at byte " + bad;
    }
    return null;
  }

  private static void root(JsonParser p, EventReader.Draft d, ValueCache labels) throws IOException {
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "schema_version" -> {
          if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            d.hasVersion = true;
            d.versionIntegral = t == JsonToken.VALUE_NUMBER_INT;
            d.version = d.versionIntegral && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                ? p.getLongValue() : Long.MAX_VALUE;
          } else if (t != JsonToken.VALUE_NULL) {
            d.hasVersion = true;
            p.skipChildren();
          }
        }
        case "event_id" -> d.eventId = text(p, t, d, "event_id");
        case "event_type" -> d.eventType = label(p, t, d, "event_type", labels);
        case "run" -> d.hasRun = object(p, t, d, "run") && run(p, d, labels);
        case "ingested" -> d.hasIngested = object(p, t, d, "ingested") && ingested(p, d, labels);
        case "tenant" -> d.hasTenant = object(p, t, d, "tenant") && tenant(p, d, labels);
        case "resources" -> d.hasResources = object(p, t, d, "resources") && resources(p, d);
        case "origin" -> d.hasOrigin = object(p, t, d, "origin") && origin(p, d, labels);
        case "extra" -> {
          if (t != JsonToken.START_OBJECT && t != JsonToken.VALUE_NULL) {
            d.fail("extra must be an object");
          }
          p.skipChildren();
        }
        default -> p.skipChildren();
      }
    }
  }

  private static boolean run(JsonParser p, EventReader.Draft d, ValueCache labels) throws IOException {
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "status" -> d.status = label(p, t, d, "run.status", labels);
        case "started_at" -> d.startedAt = text(p, t, d, "run.started_at");
        case "ended_at" -> d.endedAt = text(p, t, d, "run.ended_at");
        case "duration_s" -> d.duration = number(p, t, d, "run.duration_s");
        case "description" -> d.description = text(p, t, d, "run.description");
        default -> p.skipChildren();
      }
    }
    return true;
  }

  private static boolean ingested(JsonParser p, EventReader.Draft d, ValueCache labels) throws IOException {
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "source" -> d.source = label(p, t, d, "ingested.source", labels);
        case "object" -> d.object = label(p, t, d, "ingested.object", labels);
        default -> p.skipChildren();
      }
    }
    return true;
  }

  private static boolean tenant(JsonParser p, EventReader.Draft d, ValueCache labels) throws IOException {
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "company" -> d.company = label(p, t, d, "tenant.company", labels);
        case "zone" -> d.zone = label(p, t, d, "tenant.zone", labels);
        default -> p.skipChildren();
      }
    }
    return true;
  }

  private static boolean resources(JsonParser p, EventReader.Draft d) throws IOException {
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "cpu_time_s" -> d.cpu = number(p, t, d, "resources.cpu_time_s");
        case "memory_bytes" -> d.memory = integer(p, t, d, "resources.memory_bytes");
        default -> p.skipChildren();
      }
    }
    return true;
  }

  private static boolean origin(JsonParser p, EventReader.Draft d, ValueCache labels) throws IOException {
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "mode" -> d.mode = label(p, t, d, "origin.mode", labels);
        case "file" -> d.file = label(p, t, d, "origin.file", labels);
        case "position" -> d.position = integer(p, t, d, "origin.position");
        case "position_kind" -> d.positionKind = label(p, t, d, "origin.position_kind", labels);
        default -> p.skipChildren();
      }
    }
    return true;
  }

  /** True when the value is an object (the caller reads it); null counts as absent. */
  private static boolean object(JsonParser p, JsonToken t, EventReader.Draft d, String path) throws IOException {
    if (t == JsonToken.START_OBJECT) {
      return true;
    }
    if (t != JsonToken.VALUE_NULL) {
      d.fail(path + " must be an object");
      p.skipChildren();
    }
    return false;
  }

  private static String text(JsonParser p, JsonToken t, EventReader.Draft d, String path) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (t != JsonToken.VALUE_NULL) {
      d.fail(path + " must be a string");
      p.skipChildren();
    }
    return null;
  }

  private static String label(JsonParser p, JsonToken t, EventReader.Draft d, String path, ValueCache labels)
      throws IOException {
    if (labels != null && t == JsonToken.VALUE_STRING) {
      return labels.get(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }
    return text(p, t, d, path);
  }

  private static Double number(JsonParser p, JsonToken t, EventReader.Draft d, String path) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      double value = p.getDoubleValue();
      if (!Double.isFinite(value) || value < 0 || value > EventReader.MAX_SECONDS) {
        d.fail(path + " must be between 0 and " + (long) EventReader.MAX_SECONDS);
      }
      return value;
    }
    if (t != JsonToken.VALUE_NULL) {
      d.fail(path + " must be a number");
      p.skipChildren();
    }
    return null;
  }

  private static Long integer(JsonParser p, JsonToken t, EventReader.Draft d, String path) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT) {
      long value = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? -1 : p.getLongValue();
      if (value < 0) {
        d.fail(path + " must be a non-negative integer below 2^63");
      }
      return value;
    }
    if (t != JsonToken.VALUE_NULL) {
      d.fail(path + " must be an integer");
      p.skipChildren();
    }
    return null;
  }

  private static String kind(JsonToken first) {
    return switch (first) {
      case START_ARRAY -> "array";
      case VALUE_STRING -> "string";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      case VALUE_NULL -> "null";
      default -> "number";
    };
  }
}
