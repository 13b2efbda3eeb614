package io.ingestlens.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ingestlens.runtime.kafka.TopicPreparer;
import io.ingestlens.runtime.kafka.TopicPreparer.PreparedTopic;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared topic preparation (ingest-runtime) against a real broker: it lives here, beside the broker. */
class TopicPreparerTest {

  private static InProcessKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = InProcessKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void createsAMissingTopicAndReturnsOnlyOnceEveryPartitionHasALeader() throws Exception {
    try (Admin admin = admin(kafka.bootstrapServers())) {
      PreparedTopic prepared = TopicPreparer.prepare(admin, new NewTopic("fresh", 4, (short) 1), Duration.ofSeconds(30));

      assertThat(prepared).isEqualTo(new PreparedTopic(4, true));
      TopicDescription description = admin.describeTopics(List.of("fresh")).allTopicNames().get().get("fresh");
      assertThat(description.partitions()).allSatisfy(p -> assertThat(p.leader()).isNotNull());
    }
    // The case of KAFKA-15591: an idempotent producer's first batch right after the preparation.
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      for (int p = 0; p < 4; p++) {
        assertThat(producer.send(new ProducerRecord<>("fresh", p, "k", "v")).get().offset()).isZero();
      }
    }
  }

  @Test
  void anExistingTopicKeepsItsPartitionsAndIsNotReportedAsCreated() throws Exception {
    kafka.createTopic("existing", 2, Duration.ofSeconds(30));
    try (Admin admin = admin(kafka.bootstrapServers())) {
      PreparedTopic prepared = TopicPreparer.prepare(admin, new NewTopic("existing", 5, (short) 1), Duration.ofSeconds(30));

      assertThat(prepared).isEqualTo(new PreparedTopic(2, false));
    }
  }

  @Test
  void anUnreachableBrokerFailsWithKafkasTimeoutError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Admin admin = admin("127.0.0.1:" + closedPort);
    try {
      assertThatThrownBy(() -> TopicPreparer.prepare(admin, new NewTopic("t", 1, (short) 1), Duration.ofSeconds(1)))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(TimeoutException.class);
    } finally {
      admin.close(Duration.ZERO); // its abandoned call would otherwise hold close() for the API timeout
    }
  }

  private static Admin admin(String bootstrapServers) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }
}
