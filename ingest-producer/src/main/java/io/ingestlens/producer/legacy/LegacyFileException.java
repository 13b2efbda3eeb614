package io.ingestlens.producer.legacy;

/** The file as a whole cannot be read: missing, unreadable, not JSON, or a broken JSON array. */
public final class LegacyFileException extends Exception {

  private static final long serialVersionUID = 1L;

  public LegacyFileException(String message, Throwable cause) {
    super(message, cause);
  }

  public LegacyFileException(String message) {
    super(message);
  }
}
