package io.ingestlens.testkit;

import static org.awaitility.Awaitility.await;

import io.ingestlens.kafka.InProcessKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
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
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real in-process Kafka broker ({@link InProcessKafka}) per test class, with the topic, publish
 * and read helpers the tests share:
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
 * }</pre>
 *
 * <p>The broker starts on first use (a class whose other tests need none pays nothing) and is closed
 * after the class's last test. Every wait is bounded and fails with what it saw.
 */
public final class KafkaBroker implements AfterAllCallback {

  private final Duration timeout;
  private InProcessKafka broker;

  /** A broker whose waits (a topic's leaders, records read back) give up after 60 s. */
  public KafkaBroker() {
    this(Duration.ofSeconds(60));
  }

  /** A broker whose waits (a topic's leaders, records read back) give up after {@code timeout}. */
  public KafkaBroker(Duration timeout) {
    this.timeout = timeout;
  }

  /** The broker itself, started if it is not yet: for {@link InProcessKafka#stop()} and restart. */
  public synchronized InProcessKafka broker() {
    if (broker == null) {
      broker = InProcessKafka.start();
    }
    return broker;
  }

  public String bootstrapServers() {
    return broker().bootstrapServers();
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }

  /** Creates the topic (if missing) and waits until each partition has a leader (KAFKA-15591). */
  public void createTopic(String topic, int partitions) {
    broker().createTopic(topic, partitions, timeout);
  }

  /** An admin client on this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  /** A producer with {@code acks=all} and no linger; {@code extra} settings win. The caller closes it. */
  public Producer<String, byte[]> producer(Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.putAll(extra);
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  public Producer<String, byte[]> producer() {
    return producer(Map.of());
  }

  /**
   * Publishes one record per item, in order, with the given key and value, and returns once the
   * broker has acknowledged every one of them (a failed send fails the test).
   */
  public <T> void publish(String topic, List<T> items, Function<T, String> key, Function<T, byte[]> value) {
    try (Producer<String, byte[]> producer = producer()) {
      List<Future<?>> sends = new ArrayList<>(items.size());
      for (T item : items) {
        sends.add(producer.send(new ProducerRecord<>(topic, key.apply(item), value.apply(item))));
      }
      producer.flush();
      for (Future<?> send : sends) {
        send.get();
      }
    } catch (ExecutionException e) {
      throw new AssertionError("publishing to " + topic + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while publishing to " + topic, e);
    }
  }

  /** {@link #read(String, int, Deserializer, Deserializer)} with string keys and byte values, as the services write. */
  public List<ConsumerRecord<String, byte[]>> read(String topic, int count) {
    return read(topic, count, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** {@link #readToEnd(String, Deserializer, Deserializer)} with string keys and byte values, as the services write. */
  public List<ConsumerRecord<String, byte[]>> readToEnd(String topic) {
    return readToEnd(topic, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * The first {@code count} records of a topic, read from the beginning of every partition. Fails,
   * saying how many arrived, unless all {@code count} arrive within the timeout.
   */
  public <K, V> List<ConsumerRecord<K, V>> read(String topic, int count, Deserializer<K> keys, Deserializer<V> values) {
    try (KafkaConsumer<K, V> consumer = assignedFromTheBeginning(topic, keys, values)) {
      List<ConsumerRecord<K, V>> records = new ArrayList<>();
      try {
        await().atMost(timeout).pollInSameThread().pollInterval(Duration.ofMillis(1)).until(() -> {
          consumer.poll(Duration.ofMillis(100)).forEach(records::add);
          return records.size() >= count;
        });
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(topic + ": " + records.size() + " of " + count + " records arrived within " + timeout);
      }
      return List.copyOf(records.subList(0, count));
    }
  }

  /**
   * Every record of a topic, from the beginning of each partition to its end offset as it is now
   * (what was acknowledged before the call). Fails, saying which partitions fell short, unless they
   * are all read within the timeout.
   */
  public <K, V> List<ConsumerRecord<K, V>> readToEnd(String topic, Deserializer<K> keys, Deserializer<V> values) {
    try (KafkaConsumer<K, V> consumer = assignedFromTheBeginning(topic, keys, values)) {
      Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
      List<ConsumerRecord<K, V>> records = new ArrayList<>();
      try {
        await().atMost(timeout).pollInSameThread().pollInterval(Duration.ofMillis(1)).until(() -> {
          consumer.poll(Duration.ofMillis(100)).forEach(records::add);
          return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        });
      } catch (ConditionTimeoutException e) {
        Map<TopicPartition, String> shortfall = new HashMap<>();
        end.forEach((partition, offset) -> shortfall.put(partition, consumer.position(partition) + " of " + offset));
        throw new AssertionError(topic + ": not every record read within " + timeout + ", positions " + shortfall);
      }
      return records;
    }
  }

  private <K, V> KafkaConsumer<K, V> assignedFromTheBeginning(String topic, Deserializer<K> keys, Deserializer<V> values) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    KafkaConsumer<K, V> consumer = new KafkaConsumer<>(config, keys, values);
    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions); // no group: nothing committed, nothing to rebalance
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  /** The topic's partition count. */
  public int partitionCount(String topic) {
    try (Admin admin = admin()) {
      return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    } catch (ExecutionException e) {
      throw new AssertionError("cannot describe " + topic + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Sum over partitions of the group's committed offsets (0 when it committed nothing). */
  public long committed(String group) throws ExecutionException, InterruptedException {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }
  }

  /** Sum over partitions of the topic's end offsets: the number of records ever written to it. */
  public long endOffsets(String topic) throws ExecutionException, InterruptedException {
    try (Admin admin = admin()) {
      int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        request.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      return admin.listOffsets(request).all().get().values().stream().mapToLong(r -> r.offset()).sum();
    }
  }

  /** Members of a group once it is stable with partitions assigned to each; 0 while it rebalances. */
  public int stableMembers(String group) throws ExecutionException, InterruptedException {
    try (Admin admin = admin()) {
      ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
      boolean settled = description.groupState() == GroupState.STABLE
          && description.members().stream().noneMatch(m -> m.assignment().topicPartitions().isEmpty());
      return settled ? description.members().size() : 0;
    }
  }
}
