package io.ingestlens.event;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads one event from a Kafka record value and validates it: Jackson's streaming parser (the
 * factory of {@link EventJson}) walks the JSON into an {@link EventDraft}, whose checks are the
 * version-1 JSON Schema's rules. Each failure maps to one {@link RejectReason}:
 *
 * <ul>
 *   <li>{@code too_large}: over 1 MiB, refused before parsing;
 *   <li>{@code invalid_json}: empty, malformed, not strict UTF-8 (an overlong form, a surrogate, a
 *       byte order mark), nested deeper than 64, data after the value, or a field name given twice
 *       in any object (a repeated key is refused rather than silently resolved to its last value);
 *   <li>{@code not_an_object}: valid JSON that is not an object;
 *   <li>{@code unsupported_schema_version}, {@code missing_field}, {@code invalid_field},
 *       {@code invalid_time_range}: see {@link EventDraft}.
 * </ul>
 *
 * Fields this version does not know are ignored (still parsed, so malformed JSON is refused): a
 * later minor change may add some, and {@code extra} is only checked to be an object. The details
 * of a rejection are one short sentence, at most {@link #MAX_DETAIL_CHARS} characters, that may
 * quote a field name or a token of the input: clean them before they go to a log or a header.
 * Thread-safe: a reader keeps nothing from one record to the next.
 */
public final class EventReader {

  public static final int MAX_DETAIL_CHARS = 200;

  /** Either a valid event or the reason it is not one. */
  public sealed interface Result permits Valid, Rejected {}

  /**
   * @param startedAt {@code run.started_at} as written (RFC 3339 UTC), for the log record
   * @param endedAt {@code run.ended_at} as written, or the effective end when the event has none
   * @param idHigh the event id's most significant 64 bits (as {@link java.util.UUID} has them)
   * @param idLow its least significant 64 bits
   * @param durationS {@code run.duration_s} as parsed, already boxed for the log record
   */
  public record Valid(IngestionEvent event, String startedAt, String endedAt, long idHigh, long idLow, Double durationS)
      implements Result {}

  public record Rejected(RejectReason reason, String detail) implements Result {}

  /**
   * @param value the record value (null for a tombstone)
   * @param nowEpochSeconds the current time, for the future-time check
   */
  public Result read(byte[] value, long nowEpochSeconds) {
    if (value == null || value.length == 0) {
      return new Rejected(RejectReason.INVALID_JSON, "empty message");
    }
    if (value.length > EventJson.MAX_EVENT_BYTES) {
      return new Rejected(
          RejectReason.TOO_LARGE, "message of " + value.length + " bytes exceeds " + EventJson.MAX_EVENT_BYTES);
    }
    String notUtf8 = encodingProblem(value);
    if (notUtf8 != null) {
      return new Rejected(RejectReason.INVALID_JSON, notUtf8);
    }
    EventDraft draft = new EventDraft();
    try (JsonParser p = EventJson.FACTORY.createParser(value)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return new Rejected(RejectReason.INVALID_JSON, "no JSON value");
      }
      if (first == JsonToken.START_OBJECT) {
        root(p, draft);
      } else {
        p.skipChildren(); // still read to the end: malformed JSON is invalid_json, not not_an_object
      }
      if (p.nextToken() != null) {
        return new Rejected(RejectReason.INVALID_JSON, "data after the JSON value");
      }
      if (first != JsonToken.START_OBJECT) {
        return new Rejected(RejectReason.NOT_AN_OBJECT, "JSON " + kind(first) + ", not an object");
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null || at.getByteOffset() < 0 ? "" : " at byte " + at.getByteOffset();
      return new Rejected(RejectReason.INVALID_JSON, detail("malformed JSON: " + e.getOriginalMessage() + where));
    } catch (IOException e) {
      throw new UncheckedIOException("reading a byte array", e);
    }
    return draft.check(nowEpochSeconds);
  }

  /**
   * Null when the bytes are strict UTF-8 that Jackson reads as such; otherwise why not. Jackson
   * itself decodes an overlong NUL and code points past U+10FFFF, does not look inside the strings
   * it skips, and takes input starting with a NUL byte for UTF-16 or UTF-32.
   */
  private static String encodingProblem(byte[] value) {
    if (value[0] == 0 || (value.length > 1 && value[1] == 0)) {
      return "not UTF-8 JSON: a NUL byte at the start";
    }
    if (value.length >= 3 && (value[0] & 0xff) == 0xef && (value[1] & 0xff) == 0xbb && (value[2] & 0xff) == 0xbf) {
      return "not UTF-8 JSON: a byte order mark";
    }
    int bad = Utf8.firstMalformed(value);
    return bad < 0 ? null : "malformed JSON: invalid UTF-8 at byte " + bad;
  }

  // One method per object of the schema; each case names a field the way the schema spells it.

  private static void root(JsonParser p, EventDraft d) throws IOException {
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "schema_version" -> version(p, t, d);
        case "event_id" -> d.eventId = text(p, t, d, "event_id");
        case "event_type" -> d.eventType = text(p, t, d, "event_type");
        case "run" -> d.hasRun = object(p, t, d, "run") && run(p, d);
        case "ingested" -> d.hasIngested = object(p, t, d, "ingested") && ingested(p, d);
        case "tenant" -> d.hasTenant = object(p, t, d, "tenant") && tenant(p, d);
        case "resources" -> d.hasResources = object(p, t, d, "resources") && resources(p, d);
        case "origin" -> d.hasOrigin = object(p, t, d, "origin") && origin(p, d);
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

  private static boolean run(JsonParser p, EventDraft d) throws IOException {
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "status" -> d.status = text(p, t, d, "run.status");
        case "started_at" -> d.startedAt = text(p, t, d, "run.started_at");
        case "ended_at" -> d.endedAt = text(p, t, d, "run.ended_at");
        case "duration_s" -> d.duration = seconds(p, t, d, "run.duration_s");
        case "description" -> d.description = text(p, t, d, "run.description");
        default -> p.skipChildren();
      }
    }
    return true;
  }

  private static boolean ingested(JsonParser p, EventDraft d) throws IOException {
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "source" -> d.source = text(p, t, d, "ingested.source");
        case "object" -> d.object = text(p, t, d, "ingested.object");
        default -> p.skipChildren();
      }
    }
    return true;
  }

  private static boolean tenant(JsonParser p, EventDraft d) throws IOException {
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "company" -> d.company = text(p, t, d, "tenant.company");
        case "zone" -> d.zone = text(p, t, d, "tenant.zone");
        default -> p.skipChildren();
      }
    }
    return true;
  }

  private static boolean resources(JsonParser p, EventDraft d) throws IOException {
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "cpu_time_s" -> d.cpu = seconds(p, t, d, "resources.cpu_time_s");
        case "memory_bytes" -> d.memory = integer(p, t, d, "resources.memory_bytes");
        default -> p.skipChildren();
      }
    }
    return true;
  }

  private static boolean origin(JsonParser p, EventDraft d) throws IOException {
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "mode" -> d.mode = text(p, t, d, "origin.mode");
        case "file" -> d.file = text(p, t, d, "origin.file");
        case "position" -> d.position = integer(p, t, d, "origin.position");
        case "position_kind" -> d.positionKind = text(p, t, d, "origin.position_kind");
        default -> p.skipChildren();
      }
    }
    return true;
  }

  private static void version(JsonParser p, JsonToken t, EventDraft d) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return; // as if absent
    }
    d.hasVersion = true;
    if (t == JsonToken.VALUE_NUMBER_INT) {
      d.versionIntegral = true;
      d.version = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? Long.MAX_VALUE : p.getLongValue();
    } else {
      p.skipChildren();
    }
  }

  /** True when the value is an object (the caller reads it); null counts as absent. */
  private static boolean object(JsonParser p, JsonToken t, EventDraft d, String path) throws IOException {
    if (t == JsonToken.START_OBJECT) {
      return true;
    }
    if (t != JsonToken.VALUE_NULL) {
      d.fail(path + " must be an object");
      p.skipChildren();
    }
    return false;
  }

  private static String text(JsonParser p, JsonToken t, EventDraft d, String path) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (t != JsonToken.VALUE_NULL) {
      d.fail(path + " must be a string");
      p.skipChildren();
    }
    return null;
  }

  private static Double seconds(JsonParser p, JsonToken t, EventDraft d, String path) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      double value = p.getDoubleValue();
      if (!(value >= 0 && value <= EventDraft.MAX_SECONDS)) { // NaN and infinities fail too
        d.fail(path + " must be between 0 and " + (long) EventDraft.MAX_SECONDS);
      }
      return value;
    }
    if (t != JsonToken.VALUE_NULL) {
      d.fail(path + " must be a number");
      p.skipChildren();
    }
    return null;
  }

  private static Long integer(JsonParser p, JsonToken t, EventDraft d, String path) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT) {
      long value = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? -1 : p.getLongValue();
      if (value < 0) {
        d.fail(path + " must be a non-negative integer below 2^63");
      }
      return value;
    }
    if (t != JsonToken.VALUE_NULL) {
      d.fail(path + " must be an integer"); // 1.0 too: the schema's integers are written without a fraction
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

  /** At most {@link #MAX_DETAIL_CHARS} characters, never cut inside a surrogate pair. */
  static String detail(String text) {
    if (text.length() <= MAX_DETAIL_CHARS) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(MAX_DETAIL_CHARS - 1)) ? MAX_DETAIL_CHARS - 1 : MAX_DETAIL_CHARS;
    return text.substring(0, end);
  }
}
