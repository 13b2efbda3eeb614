package io.ingestlens.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ConnectionWarningsTest {

  private final Logger networkClient = (Logger) LoggerFactory.getLogger(ConnectionWarnings.NETWORK_CLIENT);

  @Test
  void warningsAreHeldBackWhileMutedAndBackAfterwards() {
    Level configured = networkClient.getLevel();
    try (ConnectionWarnings muted = ConnectionWarnings.muted()) {
      assertThat(networkClient.isWarnEnabled()).isFalse();
      assertThat(networkClient.isErrorEnabled()).isTrue();
    }
    assertThat(networkClient.getLevel()).isEqualTo(configured);
    assertThat(networkClient.isWarnEnabled()).isTrue();
  }
}
