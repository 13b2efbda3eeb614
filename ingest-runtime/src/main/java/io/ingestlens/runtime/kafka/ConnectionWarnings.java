package io.ingestlens.runtime.kafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Silences the Kafka clients' per-attempt connection warnings for a while. While a service checks
 * at start that the broker answers, the client warns at every reconnect (about once a second) and
 * the service then says it once, clearly; afterwards the warnings are back, so a broker lost later
 * still shows.
 */
public final class ConnectionWarnings implements AutoCloseable {

  /** The logger of "Connection to node -1 ... could not be established" and "Bootstrap broker ... disconnected". */
  static final String NETWORK_CLIENT = "org.apache.kafka.clients.NetworkClient";

  private final Logger logger;
  private final Level previous;

  private ConnectionWarnings(Logger logger) {
    this.logger = logger;
    this.previous = logger == null ? null : logger.getLevel();
  }

  /** Until {@link #close()}, the network client logs errors only; without Logback, nothing changes. */
  public static ConnectionWarnings muted() {
    if (!(LoggerFactory.getLogger(NETWORK_CLIENT) instanceof Logger logger)) {
      return new ConnectionWarnings(null);
    }
    ConnectionWarnings muted = new ConnectionWarnings(logger);
    logger.setLevel(Level.ERROR);
    return muted;
  }

  @Override
  public void close() {
    if (logger != null) {
      logger.setLevel(previous);
    }
  }
}
