package io.ingestlens.producer.kafka;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;

/** Kafka cannot be reached or refuses us; the CLI reports the message on one line, exit code 3. */
public final class KafkaUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The one-line message for {@code cause}, a failure of the Kafka client talking to {@code target}. */
  static KafkaUnavailableException at(KafkaTarget target, Throwable cause) {
    String where = "Kafka at " + target.bootstrapServers();
    String message;
    if (cause instanceof TimeoutException) {
      message = where + " did not answer within " + Durations.format(target.connectTimeout());
    } else if (cause instanceof AuthenticationException) {
      message = where + " refused the credentials: " + oneLine(cause);
    } else if (cause instanceof AuthorizationException) {
      message = where + " denied access to topic " + target.topic() + ": " + oneLine(cause);
    } else {
      message = "cannot use " + where + ": " + oneLine(cause);
    }
    return new KafkaUnavailableException(message, cause);
  }

  private static String oneLine(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return text.lines().findFirst().orElse("").trim();
  }
}
