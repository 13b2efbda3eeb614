package io.ingestlens.processor.kafka;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.kafkaclients.v2_6.KafkaTelemetry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The processor's Kafka client settings: the user's, with what the processor relies on forced. */
public final class ClientConfigs {

  private static final Logger LOG = LoggerFactory.getLogger(ClientConfigs.class);

  public static final int DEFAULT_MAX_POLL_RECORDS = 2_000;
  /**
   * Under G1's humongous threshold (half a region; regions are 1 MiB on heaps under 4 GiB): the
   * client's 1 MiB default makes every fetch buffer a humongous object, allocated in the old
   * generation, and those start most of the processor's concurrent GC cycles.
   */
  public static final int DEFAULT_MAX_PARTITION_FETCH_BYTES = 128 * 1024;

  private ClientConfigs() {}

  /** Manual commits in the group, raw bytes, and the instrumentation's client metrics. */
  public static Map<String, Object> consumer(
      Map<String, Object> consumerProperties, String groupId, OpenTelemetry openTelemetry) {
    Map<String, Object> config = new HashMap<>(consumerProperties);
    config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Fewer, larger batches: one commit per batch, so a commit costs 4 times less per record.
    config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, DEFAULT_MAX_POLL_RECORDS);
    config.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, DEFAULT_MAX_PARTITION_FETCH_BYTES);
    Object autoCommit = config.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);
    if (autoCommit != null && Boolean.parseBoolean(autoCommit.toString())) {
      LOG.warn("ignoring enable.auto.commit=true: offsets are committed after handling (at-least-once)");
    }
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    // The instrumentation's metrics bridge only: kafka.consumer.* metrics (records_lag_max...).
    // Spans are made by RecordHandler, parented on the producer's context.
    config.putAll(KafkaTelemetry.create(openTelemetry).metricConfigProperties());
    return config;
  }

  /**
   * The most records one poll returns, as the consumer will read it.
   *
   * @throws org.apache.kafka.common.config.ConfigException on any invalid consumer setting
   */
  public static int maxPollRecords(Map<String, Object> consumerConfig) {
    return new ConsumerConfig(consumerConfig).getInt(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
  }

  /** The consumer's {@code max.poll.interval.ms}: also how long the group waits for it in a rebalance. */
  public static Duration maxPollInterval(Map<String, Object> consumerConfig) {
    return Duration.ofMillis(new ConsumerConfig(consumerConfig).getInt(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG));
  }

  /** The dead-letter producer: acknowledged by every replica, idempotent. */
  public static Map<String, Object> deadLetterProducer(
      Map<String, Object> producerProperties, Integer sourceMaxMessageBytes) {
    Map<String, Object> config = new HashMap<>(producerProperties);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    if (sourceMaxMessageBytes != null && !producerProperties.containsKey(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)) {
      // Whatever the source topic accepted must fit in one dead-letter request (plus headers).
      int needed = sourceMaxMessageBytes + 64 * 1024;
      config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(needed, 1024 * 1024));
    }
    return config;
  }
}
