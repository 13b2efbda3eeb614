package io.ingestlens.producer.legacy;

/**
 * A legacy record the reader refused.
 *
 * @param position where the record is
 * @param reason the reason code
 * @param detail what exactly is wrong, one line
 */
public record Rejection(Position position, LegacyRejectReason reason, String detail) {

  /** One line naming the position and the reason code, e.g. {@code logs.json index 3: missing_field: Source is missing}. */
  public String line() {
    return position + ": " + reason.code() + ": " + detail;
  }
}
