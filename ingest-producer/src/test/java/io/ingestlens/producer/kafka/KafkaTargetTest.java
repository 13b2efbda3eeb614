package io.ingestlens.producer.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaTargetTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void defaultsToLocalhostAndTheIngestionTopic() {
    KafkaTarget target = KafkaTarget.resolve(Map.of(), null, null, null, List.of(), TIMEOUT);

    assertThat(target.bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(target.topic()).isEqualTo("ingestion-logs");
    assertThat(target.partitions()).isEqualTo(3);
  }

  @Test
  void takesTheEnvironmentAndLetsFlagsWin() {
    Map<String, String> env = Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", "kafka:29092",
        "INGEST_TOPIC", "runs",
        "INGEST_TOPIC_PARTITIONS", "6");

    KafkaTarget fromEnv = KafkaTarget.resolve(env, null, null, null, List.of(), TIMEOUT);
    KafkaTarget fromFlags = KafkaTarget.resolve(env, "broker:9093", "other", 2, List.of(), TIMEOUT);

    assertThat(fromEnv.bootstrapServers()).isEqualTo("kafka:29092");
    assertThat(fromEnv.topic()).isEqualTo("runs");
    assertThat(fromEnv.partitions()).isEqualTo(6);
    assertThat(fromFlags.bootstrapServers()).isEqualTo("broker:9093");
    assertThat(fromFlags.topic()).isEqualTo("other");
    assertThat(fromFlags.partitions()).isEqualTo(2);
    assertThat(fromFlags.producerConfig()).containsEntry("bootstrap.servers", "broker:9093");
    assertThat(fromFlags.adminConfig()).containsEntry("bootstrap.servers", "broker:9093");
  }

  @Test
  void producesIdempotentlyWithAllAcksAndLz4() {
    Map<String, Object> config =
        KafkaTarget.resolve(Map.of(), null, null, null, List.of(), Duration.ofSeconds(7)).producerConfig();

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
    List<String> flags = List.of("sasl.mechanism=PLAIN", "linger.ms=50");

    KafkaTarget target = KafkaTarget.resolve(env, null, null, null, flags, TIMEOUT);

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
    assertThatThrownBy(() -> KafkaTarget.resolve(Map.of(), null, null, null, List.of("novalue"), TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key=value");
    assertThatThrownBy(() -> KafkaTarget.resolve(Map.of("INGEST_TOPIC_PARTITIONS", "three"), null, null, null, List.of(), TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INGEST_TOPIC_PARTITIONS");
    assertThatThrownBy(() -> KafkaTarget.resolve(Map.of(), null, null, 0, List.of(), TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KafkaTarget.resolve(Map.of(), null, null, null, List.of(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
