package io.ingestlens.event;

/**
 * Why {@link EventReader} refused a record; {@link #errorType()} is the telemetry contract's fixed
 * {@code error.type} list (docs/telemetry.md).
 */
public enum RejectReason {
  INVALID_JSON("invalid_json"),
  NOT_AN_OBJECT("not_an_object"),
  MISSING_FIELD("missing_field"),
  INVALID_FIELD("invalid_field"),
  UNSUPPORTED_SCHEMA_VERSION("unsupported_schema_version"),
  INVALID_TIME_RANGE("invalid_time_range"),
  TOO_LARGE("too_large");

  private final String errorType;

  RejectReason(String errorType) {
    this.errorType = errorType;
  }

  /** The value of {@code error.type} and of the dead-letter header {@code dlq.reason}. */
  public String errorType() {
    return errorType;
  }
}
