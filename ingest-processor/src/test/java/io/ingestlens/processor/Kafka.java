package io.ingestlens.processor;

import io.ingestlens.event.IngestionEvent;
import io.ingestlens.event.RecordKey;
import io.ingestlens.kafka.InProcessKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Kafka clients for tests against the in-process broker. */
final class Kafka {

  private Kafka() {}

  static Producer<String, byte[]> producer(InProcessKafka kafka) {
    return producer(kafka, Map.of());
  }

  static Producer<String, byte[]> producer(InProcessKafka kafka, Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.putAll(extra);
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /** Publishes events keyed as the producer does ({@link RecordKey}), and waits for every send. */
  static void publish(InProcessKafka kafka, List<IngestionEvent> events, String topic) {
    try (Producer<String, byte[]> producer = producer(kafka)) {
      for (IngestionEvent e : events) {
        producer.send(new ProducerRecord<>(topic, RecordKey.of(e), TestEvents.json(e)));
      }
      producer.flush();
    }
  }

  static ProcessorSettings settings(InProcessKafka kafka, String topic) {
    return ProcessorSettings.builder()
        .bootstrapServers(kafka.bootstrapServers())
        .topic(topic)
        .deadLetterTopic(topic + ".dlq")
        .groupId("processor-" + topic)
        .build();
  }

  /** Reads {@code count} records of a topic from the beginning (fails after 30 s). */
  static List<ConsumerRecord<byte[], byte[]>> readAll(InProcessKafka kafka, String topic, int count) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic + "-" + System.nanoTime(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  /** Members of a group once it is stable with partitions assigned to each; 0 while it rebalances. */
  static int stableMembers(InProcessKafka kafka, String group) throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
      boolean settled = description.groupState() == GroupState.STABLE
          && description.members().stream().noneMatch(m -> m.assignment().topicPartitions().isEmpty());
      return settled ? description.members().size() : 0;
    }
  }

  /** Sum over partitions of the group's committed offsets on a topic. */
  static long committed(InProcessKafka kafka, String group) throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }
  }

  /** Sum over partitions of the topic's end offsets (the number of records ever written). */
  static long endOffsets(InProcessKafka kafka, String topic, int partitions)
      throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        request.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      return admin.listOffsets(request).all().get().values().stream().mapToLong(r -> r.offset()).sum();
    }
  }
}
