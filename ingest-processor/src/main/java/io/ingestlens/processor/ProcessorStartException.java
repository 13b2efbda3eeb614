package io.ingestlens.processor;

/** The processor cannot start: the broker is out of reach, or the dead-letter topic cannot be made ready. */
public final class ProcessorStartException extends RuntimeException {

  public ProcessorStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
