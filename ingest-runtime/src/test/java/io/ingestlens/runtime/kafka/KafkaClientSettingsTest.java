package io.ingestlens.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {

  @Test
  void defaultsToLocalBroker() {
    assertThat(KafkaClientSettings.producer(Map.of())).containsEntry("bootstrap.servers", "localhost:9092");
  }

  @Test
  void mapsKnownKafkaVariablesAndIgnoresOthers() {
    Map<String, Object> props =
        KafkaClientSettings.consumer(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "broker:29092",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "PLAIN",
                "KAFKA_GROUP_ID", "g1",
                "KAFKA_HOME", "/opt/kafka",
                "PATH", "/bin"));

    assertThat(props)
        .containsEntry("bootstrap.servers", "broker:29092")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry("group.id", "g1")
        .doesNotContainKey("home")
        .hasSize(4);
  }

  @Test
  void producerDoesNotTakeConsumerOnlySettings() {
    assertThat(KafkaClientSettings.producer(Map.of("KAFKA_GROUP_ID", "g1"))).doesNotContainKey("group.id");
  }

  @Test
  void parsesKeyValueFlags() {
    assertThat(KafkaClientSettings.parseProperties(List.of("linger.ms=5", " acks = all")))
        .containsEntry("linger.ms", "5")
        .containsEntry("acks", "all");
    assertThatThrownBy(() -> KafkaClientSettings.parseProperties(List.of("novalue")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key=value");
  }
}
