package io.ingestlens.event;

import java.time.Instant;

/**
 * An event as {@link EventReader} found it in well-formed JSON, and {@link #check} applies the
 * rules of the version-1 JSON Schema (ingestion-event.v1.schema.json, next to this class) to it,
 * with those the schema cannot state:
 *
 * <ul>
 *   <li>{@code unsupported_schema_version}: {@code schema_version} other than 1 (it wins over any
 *       other field problem: a later version may lay out its fields differently);
 *   <li>{@code missing_field}: a required field absent or null;
 *   <li>{@code invalid_field}: wrong type, bad pattern or enum value, a number that is negative, not
 *       finite, written with a fraction or exponent where an integer is due, or past its maximum;
 *   <li>{@code invalid_time_range}: {@code ended_at} before {@code started_at}, or a run ending more
 *       than a day in the future (it would pin {@code ingestion.source.last_run} there); the schema
 *       cannot compare two fields or know the time.
 * </ul>
 *
 * A new optional field is one member here, one {@code case} in the reader and, when it has a
 * rule, one line in {@link #check}.
 */
final class EventDraft {

  /** About 31 years: no run or CPU time is longer; larger values are corrupt (schema: maximum). */
  static final double MAX_SECONDS = 1e9;
  /** 8 PiB, and every value up to it is exact as a double (schema: maximum). */
  static final long MAX_MEMORY_BYTES = 1L << 53;
  static final long FUTURE_TOLERANCE_SECONDS = 86_400;

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
  private long idHigh;
  private long idLow;
  /** The first invalid_field problem met while reading. */
  private String fieldProblem;

  /** Notes a wrong type or value met while reading; the first one is reported. */
  void fail(String problem) {
    if (fieldProblem == null) {
      fieldProblem = problem;
    }
  }

  /** The valid event, or why it is not one. */
  EventReader.Result check(long nowEpochSeconds) {
    try {
      IngestionEvent event = toEvent(nowEpochSeconds);
      // Kept as written: formatting an Instant again costs more than the rest of the log record.
      String end = endedAt != null ? endedAt : event.run().effectiveEnd().toString();
      return new EventReader.Valid(event, startedAt, end, idHigh, idLow, duration);
    } catch (Invalid e) {
      return new EventReader.Rejected(e.reason, EventReader.detail(e.getMessage()));
    }
  }

  private IngestionEvent toEvent(long nowEpochSeconds) throws Invalid {
    if (!hasVersion) {
      throw missing("schema_version");
    }
    if (!versionIntegral) {
      throw new Invalid(RejectReason.INVALID_FIELD, "schema_version must be an integer");
    }
    if (version != IngestionEvent.SCHEMA_VERSION) {
      throw new Invalid(RejectReason.UNSUPPORTED_SCHEMA_VERSION,
          "schema_version " + (version == Long.MAX_VALUE ? "out of range" : version)
              + ", this reader reads " + IngestionEvent.SCHEMA_VERSION);
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

  /** A validation failure; no stack trace, it is an expected outcome. */
  private static final class Invalid extends Exception {
    private final RejectReason reason;

    Invalid(RejectReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }
}
