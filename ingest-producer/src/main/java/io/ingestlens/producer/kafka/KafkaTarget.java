package io.ingestlens.producer.kafka;

import io.ingestlens.runtime.kafka.KafkaClientSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Where and how to publish, once the command line has resolved each setting (flag, else
 * environment, else default). Client properties come from {@code KAFKA_*} variables and
 * {@code --kafka-property} flags (flags win), so a SASL/TLS cluster needs no code change.
 */
public final class KafkaTarget {

  public static final String DEFAULT_TOPIC = "ingestion-logs";
  public static final int DEFAULT_PARTITIONS = 3;
  public static final String CLIENT_ID = "ingest-producer";

  private final Map<String, String> env;
  private final Map<String, Object> flagProperties;
  private final String bootstrapServers;
  private final String topic;
  private final int partitions;
  private final Duration connectTimeout;

  private KafkaTarget(
      Map<String, String> env,
      Map<String, Object> flagProperties,
      String bootstrapServers,
      String topic,
      int partitions,
      Duration connectTimeout) {
    this.env = env;
    this.flagProperties = flagProperties;
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.partitions = partitions;
    this.connectTimeout = connectTimeout;
  }

  /**
   * @param env the environment, for {@code KAFKA_*} client settings
   * @param flagProperties {@code --kafka-property} settings, applied over the environment's
   * @throws IllegalArgumentException on a blank address or topic, or a count or timeout below 1
   */
  public static KafkaTarget resolve(
      Map<String, String> env,
      String bootstrapServers,
      String topic,
      int partitions,
      Map<String, Object> flagProperties,
      Duration connectTimeout) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers must not be blank");
    }
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("topic must not be blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connect timeout must be positive, got " + connectTimeout);
    }
    return new KafkaTarget(
        Map.copyOf(env), Map.copyOf(flagProperties), bootstrapServers.trim(), topic.trim(), partitions, connectTimeout);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String topic() {
    return topic;
  }

  public int partitions() {
    return partitions;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Producer settings: the delivery guarantees first, then environment and flags on top. */
  public Map<String, Object> producerConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
    // Idempotence with acks=all: no duplicates from retries, no loss on a leader change.
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // Small JSON records compress well; a short linger fills batches at replay rates.
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
    // A send blocked on missing metadata (broker gone) fails after the connect timeout, not 60 s.
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, connectTimeout.toMillis());
    config.putAll(KafkaClientSettings.producer(env));
    config.putAll(flagProperties);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // Serializers are given as instances; a configured class name would be misleading.
    config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
    config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
    return config;
  }

  /** Admin settings for topic creation, with every call bounded by the connect timeout. */
  public Map<String, Object> adminConfig() {
    Map<String, Object> config = new HashMap<>(KafkaClientSettings.admin(env));
    flagProperties.forEach(
        (key, value) -> {
          if (AdminClientConfig.configNames().contains(key)) {
            config.put(key, value);
          }
        });
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, CLIENT_ID + "-admin");
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    return config;
  }
}
