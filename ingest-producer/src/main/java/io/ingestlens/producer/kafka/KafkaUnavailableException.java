package io.ingestlens.producer.kafka;

/** Kafka cannot be reached or refuses us; the CLI reports the message on one line, exit code 3. */
public final class KafkaUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
