package io.ingestlens.processor.read;

import io.ingestlens.event.EventJson;
import io.ingestlens.event.Ingested;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.event.Origin;
import io.ingestlens.event.Resources;
import io.ingestlens.event.Run;
import io.ingestlens.event.Tenant;
import io.ingestlens.processor.telemetry.LogText;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads and validates one record value with the checks of the version-1 JSON Schema
 * (ingestion-event.v1.schema.json), each failure mapped to one contract reason:
 *
 * <ul>
 *   <li>{@code too_large}: over 1 MiB, refused before parsing;
 *   <li>{@code invalid_json}: empty, malformed, invalid UTF-8, nested deeper than 64, trailing data,
 *       or a field name given twice at any level (strict duplicate detection: a repeated key is
 *       refused rather than silently resolved to its last value);
 *   <li>{@code not_an_object}: valid JSON that is not an object;
 *   <li>{@code unsupported_schema_version}: {@code schema_version} other than 1 (it wins over any
 *       other field problem: a later version may lay out its fields differently);
 *   <li>{@code missing_field}: a required field absent or null;
 *   <li>{@code invalid_field}: wrong type, bad pattern or enum value, a number that is negative, not
 *       finite, fractional where an integer is due or past a sane bound;
 *   <li>{@code invalid_time_range}: {@code ended_at} before {@code started_at}, or a run ending more
 *       than a day in the future (it would pin {@code ingestion.source.last_run} there).
 * </ul>
 *
 * Fields this version does not know are ignored (still parsed, so malformed JSON is refused), as
 * {@link EventJson} does: a later minor change may add some. The JSON is read by {@link JsonCursor}
 * straight into the checks, no tree and no general-purpose parser: this runs once per record and
 * was the largest cost per event. Details never quote the payload beyond a capped, sanitised
 * fragment. Not thread-safe: one reader per worker.
 */
public final class EventReader implements ValueReader {

  static final int MAX_EVENT_BYTES = 1 << 20;
  /** About 31 years: no run or CPU time is longer; larger values are corrupt. */
  static final double MAX_SECONDS = 1e9;
  static final long MAX_MEMORY_BYTES = 1L << 53;
  static final long FUTURE_TOLERANCE_SECONDS = 86_400;
  public static final int MAX_DETAIL_CHARS = 200;

  private static final int[] HEX = new int['f' + 1];

  static {
    java.util.Arrays.fill(HEX, -1);
    for (char ch = '0'; ch <= '9'; ch++) {
      HEX[ch] = ch - '0';
    }
    for (char ch = 'a'; ch <= 'f'; ch++) {
      HEX[ch] = ch - 'a' + 10;
    }
  }

  private static final String[] ROOT_NAMES = {
    "schema_version", "event_id", "event_type", "run", "ingested", "tenant", "resources", "origin", "extra"
  };
  private static final String[] RUN_NAMES = {"status", "started_at", "ended_at", "duration_s", "description"};
  private static final String[] INGESTED_NAMES = {"source", "object"};
  private static final String[] TENANT_NAMES = {"company", "zone"};
  private static final String[] RESOURCES_NAMES = {"cpu_time_s", "memory_bytes"};
  private static final String[] ORIGIN_NAMES = {"mode", "file", "position", "position_kind"};

  private final JsonCursor.LabelCache labels = new JsonCursor.LabelCache();

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
  @Override
  public Result read(byte[] value, long nowEpochSeconds) {
    if (value == null || value.length == 0) {
      return new Rejected(RejectReason.INVALID_JSON, "empty message");
    }
    if (value.length > MAX_EVENT_BYTES) {
      return new Rejected(
          RejectReason.TOO_LARGE, "message of " + value.length + " bytes exceeds " + MAX_EVENT_BYTES);
    }
    Draft draft = new Draft();
    JsonCursor c = new JsonCursor(value);
    try {
      int first = c.peek();
      if (first < 0) {
        return new Rejected(RejectReason.INVALID_JSON, "no JSON value");
      }
      if (first == '{') {
        root(c, draft, labels);
      } else {
        c.skipValue(); // still read to the end: malformed JSON is invalid_json, not not_an_object
      }
      if (!c.atEnd()) {
        return new Rejected(RejectReason.INVALID_JSON, "data after the JSON value");
      }
      if (first != '{') {
        return new Rejected(RejectReason.NOT_AN_OBJECT, "JSON " + kind(first) + ", not an object");
      }
    } catch (JsonCursor.Malformed e) {
      return new Rejected(RejectReason.INVALID_JSON, detail("malformed JSON: " + e.getMessage()));
    }
    return finish(draft, nowEpochSeconds);
  }

  /** Checks what a parser found in a well-formed JSON object against the schema's rules. */
  static Result finish(Draft draft, long nowEpochSeconds) {
    try {
      IngestionEvent event = draft.toEvent(nowEpochSeconds);
      // Kept as written: formatting an Instant again costs more than the rest of the log record.
      String endedAt = draft.endedAt != null ? draft.endedAt : event.run().effectiveEnd().toString();
      return new Valid(event, draft.startedAt, endedAt, draft.idHigh, draft.idLow, draft.duration);
    } catch (Invalid e) {
      return new Rejected(e.reason, detail(e.getMessage()));
    }
  }

  private static void root(JsonCursor c, Draft d, JsonCursor.LabelCache labels) throws JsonCursor.Malformed {
    c.beginObject();
    Names names = new Names(ROOT_NAMES);
    for (boolean first = true; c.nextMember(first); first = false) {
      String name = c.readName(ROOT_NAMES);
      names.add(c, name);
      switch (name) {
        case "schema_version" -> {
          int k = c.peek();
          if (k == '-' || (k >= '0' && k <= '9')) {
            c.readNumber();
            d.hasVersion = true;
            d.versionIntegral = c.integral();
            d.version = c.fitsInLong() ? c.longValue() : Long.MAX_VALUE;
          } else if (k == 'n') {
            c.readNull();
          } else {
            d.hasVersion = true;
            c.skipValue();
          }
        }
        case "event_id" -> d.eventId = text(c, d, "event_id");
        case "event_type" -> d.eventType = text(c, d, "event_type", IngestionEvent.EVENT_TYPE, null);
        case "run" -> d.hasRun = object(c, d, "run") && run(c, d);
        case "ingested" -> d.hasIngested = object(c, d, "ingested") && ingested(c, d, labels);
        case "tenant" -> d.hasTenant = object(c, d, "tenant") && tenant(c, d, labels);
        case "resources" -> d.hasResources = object(c, d, "resources") && resources(c, d);
        case "origin" -> d.hasOrigin = object(c, d, "origin") && origin(c, d);
        case "extra" -> {
          int k = c.peek();
          if (k != '{' && k != 'n') {
            d.fail("extra must be an object");
          }
          c.skipValue();
        }
        default -> c.skipValue();
      }
    }
  }

  private static boolean run(JsonCursor c, Draft d) throws JsonCursor.Malformed {
    c.beginObject();
    Names names = new Names(RUN_NAMES);
    for (boolean first = true; c.nextMember(first); first = false) {
      String name = c.readName(RUN_NAMES);
      names.add(c, name);
      switch (name) {
        case "status" -> d.status = text(c, d, "run.status", Run.SUCCESS, Run.FAILED);
        case "started_at" -> d.startedAt = text(c, d, "run.started_at");
        case "ended_at" -> d.endedAt = text(c, d, "run.ended_at");
        case "duration_s" -> d.duration = number(c, d, "run.duration_s");
        case "description" -> d.description = text(c, d, "run.description");
        default -> c.skipValue();
      }
    }
    return true;
  }

  private static boolean ingested(JsonCursor c, Draft d, JsonCursor.LabelCache labels) throws JsonCursor.Malformed {
    c.beginObject();
    Names names = new Names(INGESTED_NAMES);
    for (boolean first = true; c.nextMember(first); first = false) {
      String name = c.readName(INGESTED_NAMES);
      names.add(c, name);
      switch (name) {
        case "source" -> d.source = label(c, d, "ingested.source", labels);
        case "object" -> d.object = label(c, d, "ingested.object", labels);
        default -> c.skipValue();
      }
    }
    return true;
  }

  private static boolean tenant(JsonCursor c, Draft d, JsonCursor.LabelCache labels) throws JsonCursor.Malformed {
    c.beginObject();
    Names names = new Names(TENANT_NAMES);
    for (boolean first = true; c.nextMember(first); first = false) {
      String name = c.readName(TENANT_NAMES);
      names.add(c, name);
      switch (name) {
        case "company" -> d.company = label(c, d, "tenant.company", labels);
        case "zone" -> d.zone = label(c, d, "tenant.zone", labels);
        default -> c.skipValue();
      }
    }
    return true;
  }

  private static boolean resources(JsonCursor c, Draft d) throws JsonCursor.Malformed {
    c.beginObject();
    Names names = new Names(RESOURCES_NAMES);
    for (boolean first = true; c.nextMember(first); first = false) {
      String name = c.readName(RESOURCES_NAMES);
      names.add(c, name);
      switch (name) {
        case "cpu_time_s" -> d.cpu = number(c, d, "resources.cpu_time_s");
        case "memory_bytes" -> d.memory = integer(c, d, "resources.memory_bytes");
        default -> c.skipValue();
      }
    }
    return true;
  }

  private static boolean origin(JsonCursor c, Draft d) throws JsonCursor.Malformed {
    c.beginObject();
    Names names = new Names(ORIGIN_NAMES);
    for (boolean first = true; c.nextMember(first); first = false) {
      String name = c.readName(ORIGIN_NAMES);
      names.add(c, name);
      switch (name) {
        case "mode" -> d.mode = text(c, d, "origin.mode", Origin.GENERATE, Origin.REPLAY);
        case "file" -> d.file = text(c, d, "origin.file");
        case "position" -> d.position = integer(c, d, "origin.position");
        case "position_kind" -> d.positionKind = text(c, d, "origin.position_kind");
        default -> c.skipValue();
      }
    }
    return true;
  }

  /** True when the value is an object (the caller reads it); null counts as absent. */
  private static boolean object(JsonCursor c, Draft d, String path) throws JsonCursor.Malformed {
    int k = c.peek();
    if (k == '{') {
      return true;
    }
    if (k == 'n') {
      c.readNull();
    } else {
      d.fail(path + " must be an object");
      c.skipValue();
    }
    return false;
  }

  private static String text(JsonCursor c, Draft d, String path) throws JsonCursor.Malformed {
    return text(c, d, path, null, null);
  }

  /** A string; {@code usual} values come back as those very instances (no copy, hash known). */
  private static String text(JsonCursor c, Draft d, String path, String usual, String otherUsual)
      throws JsonCursor.Malformed {
    int k = c.peek();
    if (k == '"') {
      return usual == null ? c.readString() : c.readString(usual, otherUsual);
    }
    if (k == 'n') {
      c.readNull();
    } else {
      d.fail(path + " must be a string");
      c.skipValue();
    }
    return null;
  }

  private static String label(JsonCursor c, Draft d, String path, JsonCursor.LabelCache labels)
      throws JsonCursor.Malformed {
    int k = c.peek();
    if (k == '"') {
      return c.readString(labels);
    }
    return text(c, d, path);
  }

  private static Double number(JsonCursor c, Draft d, String path) throws JsonCursor.Malformed {
    int k = c.peek();
    if (k == '-' || (k >= '0' && k <= '9')) {
      double value = c.readNumber();
      if (!Double.isFinite(value) || value < 0 || value > MAX_SECONDS) {
        d.fail(path + " must be between 0 and " + (long) MAX_SECONDS);
      }
      return value;
    }
    if (k == 'n') {
      c.readNull();
    } else {
      d.fail(path + " must be a number");
      c.skipValue();
    }
    return null;
  }

  private static Long integer(JsonCursor c, Draft d, String path) throws JsonCursor.Malformed {
    int k = c.peek();
    if (k == '-' || (k >= '0' && k <= '9')) {
      c.readNumber();
      if (!c.integral()) {
        d.fail(path + " must be an integer");
        return null;
      }
      long value = c.fitsInLong() ? c.longValue() : -1;
      if (value < 0) {
        d.fail(path + " must be a non-negative integer below 10^18");
      }
      return value;
    }
    if (k == 'n') {
      c.readNull();
    } else {
      d.fail(path + " must be an integer");
      c.skipValue();
    }
    return null;
  }

  private static String kind(int first) {
    return switch (first) {
      case '[' -> "array";
      case '"' -> "string";
      case 't', 'f' -> "boolean";
      case 'n' -> "null";
      default -> "number";
    };
  }

  /**
   * Names met in one object of the event: a bit per name the object knows (the cursor hands out
   * the known names themselves, so they compare by reference), a set for the others (rare: a later
   * version's fields).
   */
  private static final class Names {
    private final String[] known;
    private int seenKnown;
    private Set<String> seenOthers;

    Names(String[] known) {
      this.known = known;
    }

    void add(JsonCursor c, String name) throws JsonCursor.Malformed {
      for (int i = 0; i < known.length; i++) {
        if (known[i] == name) {
          int bit = 1 << i;
          if ((seenKnown & bit) != 0) {
            throw c.duplicate(name);
          }
          seenKnown |= bit;
          return;
        }
      }
      if (seenOthers == null) {
        seenOthers = new HashSet<>();
      }
      if (!seenOthers.add(name)) {
        throw c.duplicate(name);
      }
    }
  }

  /** What the parser found, checked once the whole document is known to be well-formed JSON. */
  static final class Draft {
    boolean hasVersion;
    boolean versionIntegral;
    long version;
    String eventId;
    String eventType;
    boolean hasRun;
    boolean hasIngested;
    boolean hasTenant;
    boolean hasResources;
    boolean hasOrigin;
    String status;
    String startedAt;
    String endedAt;
    Double duration;
    String description;
    String source;
    String object;
    String company;
    String zone;
    Double cpu;
    Long memory;
    String mode;
    String file;
    Long position;
    String positionKind;
    long idHigh;
    long idLow;
    /** The first invalid_field problem met while parsing. */
    String fieldProblem;

    void fail(String problem) {
      if (fieldProblem == null) {
        fieldProblem = problem;
      }
    }

    IngestionEvent toEvent(long nowEpochSeconds) throws Invalid {
      if (!hasVersion) {
        throw missing("schema_version");
      }
      if (!versionIntegral) {
        throw new Invalid(RejectReason.INVALID_FIELD, "schema_version must be an integer");
      }
      if (version != IngestionEvent.SCHEMA_VERSION) {
        throw new Invalid(RejectReason.UNSUPPORTED_SCHEMA_VERSION,
            "schema_version " + (version == Long.MAX_VALUE ? "out of range" : version)
                + ", this processor reads " + IngestionEvent.SCHEMA_VERSION);
      }
      if (fieldProblem != null) {
        throw new Invalid(RejectReason.INVALID_FIELD, fieldProblem);
      }
      require(eventId, "event_id");
      require(eventType, "event_type");
      require(hasRun, "run");
      require(hasIngested, "ingested");
      require(hasTenant, "tenant");
      require(hasResources, "resources");
      require(hasOrigin, "origin");
      require(status, "run.status");
      require(startedAt, "run.started_at");
      require(duration, "run.duration_s");
      require(source, "ingested.source");
      require(object, "ingested.object");
      require(mode, "origin.mode");

      check(parseId(), "event_id must be a lower-case name-based (v5) UUID");
      check(IngestionEvent.EVENT_TYPE.equals(eventType), "event_type must be " + IngestionEvent.EVENT_TYPE);
      check(isStatus(status), "run.status must match ^[A-Z0-9_ -]{1,64}$");
      check(!source.isEmpty(), "ingested.source must not be empty");
      check(!object.isEmpty(), "ingested.object must not be empty");
      check(Origin.REPLAY.equals(mode) || Origin.GENERATE.equals(mode), "origin.mode must be replay or generate");
      check(positionKind == null || "index".equals(positionKind) || "line".equals(positionKind),
          "origin.position_kind must be index or line");
      check(memory == null || memory <= MAX_MEMORY_BYTES, "resources.memory_bytes must be at most " + MAX_MEMORY_BYTES);
      Instant started = Timestamps.parseUtc(startedAt);
      check(started != null, "run.started_at must be an RFC 3339 UTC time (...Z)");
      Instant ended = endedAt == null ? null : Timestamps.parseUtc(endedAt);
      check(endedAt == null || ended != null, "run.ended_at must be an RFC 3339 UTC time (...Z)");
      if (ended != null && ended.isBefore(started)) {
        throw new Invalid(RejectReason.INVALID_TIME_RANGE, "run.ended_at is before run.started_at");
      }
      Run run = new Run(status, started, ended, duration, description);
      if (run.effectiveEnd().getEpochSecond() > nowEpochSeconds + FUTURE_TOLERANCE_SECONDS) {
        throw new Invalid(RejectReason.INVALID_TIME_RANGE, "the run ends more than a day in the future");
      }
      // extra is not needed downstream; leaving it out spares a copy per event.
      return new IngestionEvent(
          IngestionEvent.SCHEMA_VERSION, eventId, eventType, run, new Ingested(source, object),
          new Tenant(company, zone), new Resources(cpu, memory), new Origin(mode, file, position, positionKind),
          null);
    }

    /**
     * Checks ^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$ and keeps the
     * 128 bits for de-duplication, in one pass and without a regex.
     */
    private boolean parseId() {
      String id = eventId;
      if (id.length() != 36 || id.charAt(8) != '-' || id.charAt(13) != '-' || id.charAt(18) != '-'
          || id.charAt(23) != '-' || id.charAt(14) != '5' || "89ab".indexOf(id.charAt(19)) < 0) {
        return false;
      }
      long a = hex(id, 0, 8);
      long b = hex(id, 9, 13);
      long c = hex(id, 14, 18);
      long e = hex(id, 19, 23);
      long f = hex(id, 24, 36);
      if ((a | b | c | e | f) < 0) {
        return false;
      }
      idHigh = a << 32 | b << 16 | c;
      idLow = e << 48 | f;
      return true;
    }

    /** Lower-case hex digits of text[from, to) (at most 15), or -1 when one is not. */
    private static long hex(String text, int from, int to) {
      long value = 0;
      for (int i = from; i < to; i++) {
        char ch = text.charAt(i);
        int digit = ch < HEX.length ? HEX[ch] : -1;
        if (digit < 0) {
          return -1;
        }
        value = value << 4 | digit;
      }
      return value;
    }

    private static void require(Object value, String path) throws Invalid {
      if (value == null) {
        throw missing(path);
      }
    }

    private static void require(boolean present, String path) throws Invalid {
      if (!present) {
        throw missing(path);
      }
    }

    private static Invalid missing(String path) {
      return new Invalid(RejectReason.MISSING_FIELD, "missing field " + path);
    }

    private static void check(boolean ok, String problem) throws Invalid {
      if (!ok) {
        throw new Invalid(RejectReason.INVALID_FIELD, problem);
      }
    }
  }

  /** ^[A-Z0-9_ -]{1,64}$, without a regex. */
  static boolean isStatus(String status) {
    int n = status.length();
    if (n < 1 || n > 64) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = status.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ' ' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  static String detail(String text) {
    return LogText.sanitize(text == null ? "" : text, MAX_DETAIL_CHARS);
  }

  /** A validation failure; no stack trace, it is an expected outcome. */
  private static final class Invalid extends Exception {
    private final RejectReason reason;

    Invalid(RejectReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }
}
