package io.ingestlens.producer.legacy;

/** Thrown by the mapping when a record cannot become a valid event; carries the reason code. */
public final class InvalidRecordException extends Exception {

  private static final long serialVersionUID = 1L;

  private final LegacyRejectReason reason;

  public InvalidRecordException(LegacyRejectReason reason, String detail) {
    // No stack trace: rejections are expected data, and a bad file may hold millions of them.
    super(detail, null, false, false);
    this.reason = reason;
  }

  public LegacyRejectReason reason() {
    return reason;
  }
}
