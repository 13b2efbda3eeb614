package io.ingestlens.producer.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Client settings from resolved values; which value wins is the command line's job (CliSettingsTest). */
class KafkaTargetTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static KafkaTarget target(Map<String, String> env, Map<String, Object> flags, Duration timeout) {
    return KafkaTarget.resolve(env, "broker:9093", "runs", 2, flags, timeout);
  }

  @Test
  void keepsTheResolvedAddressTopicAndPartitions() {
    KafkaTarget target = KafkaTarget.resolve(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:29092"), " broker:9093 ", "runs", 6,
        Map.of(), TIMEOUT);

    assertThat(target.bootstrapServers()).isEqualTo("broker:9093");
    assertThat(target.topic()).isEqualTo("runs");
    assertThat(target.partitions()).isEqualTo(6);
    assertThat(target.producerConfig()).containsEntry("bootstrap.servers", "broker:9093");
    assertThat(target.adminConfig()).containsEntry("bootstrap.servers", "broker:9093");
  }

  @Test
  void producesIdempotentlyWithAllAcksAndLz4() {
    Map<String, Object> config = target(Map.of(), Map.of(), Duration.ofSeconds(7)).producerConfig();

    assertThat(config)
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", true)
        .containsEntry("compression.type", "lz4")
        .containsEntry("linger.ms", 10)
        .containsEntry("max.block.ms", 7000L)
        .containsEntry("client.id", "ingest-producer");
  }

  @Test
  void passesSecuritySettingsFromEnvironmentAndFlagsToBothClients() {
    Map<String, String> env = Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_HOME", "/opt/kafka");
    Map<String, Object> flags = Map.of("sasl.mechanism", "PLAIN", "linger.ms", "50");

    KafkaTarget target = target(env, flags, TIMEOUT);

    assertThat(target.producerConfig())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry("linger.ms", "50")
        .doesNotContainKey("home");
    assertThat(target.adminConfig())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry("default.api.timeout.ms", 30_000)
        .doesNotContainKey("linger.ms");
  }

  @Test
  void refusesBadSettings() {
    assertThatThrownBy(() -> KafkaTarget.resolve(Map.of(), " ", "runs", 3, Map.of(), TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bootstrap servers");
    assertThatThrownBy(() -> KafkaTarget.resolve(Map.of(), "b:1", "", 3, Map.of(), TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic");
    assertThatThrownBy(() -> KafkaTarget.resolve(Map.of(), "b:1", "runs", 0, Map.of(), TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> target(Map.of(), Map.of(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
