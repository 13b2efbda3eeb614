package io.ingestlens.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class InProcessKafkaTest {

  @Test
  void recordsSurviveABrokerRestart() throws Exception {
    try (InProcessKafka kafka = InProcessKafka.start()) {
      kafka.createTopic("t", 3, Duration.ofSeconds(30));
      send(kafka, "before");
      kafka.stop();
      kafka.restart();
      kafka.createTopic("t", 3, Duration.ofSeconds(30));
      send(kafka, "after");

      assertThat(readAll(kafka, 2)).containsExactlyInAnyOrder("before", "after");
    }
  }

  private static void send(InProcessKafka kafka, String value) throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("t", "k", value)).get();
    }
  }

  private static List<String> readAll(InProcessKafka kafka, int expected) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "g",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("t"));
      // Fails with what arrived, rather than handing a partial list to the assertion.
      await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ofMillis(1))
          .untilAsserted(() -> {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
              values.add(r.value());
            }
            assertThat(values).as("values read from t").hasSizeGreaterThanOrEqualTo(expected);
          });
    }
    return values;
  }
}
