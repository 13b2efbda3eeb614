package io.ingestlens.processor;

import io.ingestlens.runtime.kafka.KafkaClientSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Everything a {@link Processor} needs to know, immutable. Start from {@link #forBootstrapServers}
 * (tests, quickstart) or {@link #fromEnvironment} (the service), then adjust with the
 * {@code with...} methods.
 *
 * @param topic the topic read (INGEST_TOPIC, default {@value #DEFAULT_TOPIC})
 * @param deadLetterTopic where refused records go (INGEST_DLQ_TOPIC, default {@value #DEFAULT_DLQ_TOPIC})
 * @param groupId the consumer group (KAFKA_GROUP_ID, default {@value #DEFAULT_GROUP_ID})
 * @param consumerProperties Kafka consumer client properties, bootstrap servers included
 * @param producerProperties Kafka producer properties (dead-letter sends)
 * @param adminProperties Kafka admin properties (start-up checks, dead-letter topic creation)
 * @param dedupWindow how many recent event ids each worker remembers to recognise redeliveries; 0 disables
 * @param startupTimeout how long {@link Processor#start()} waits for the broker
 * @param closeTimeout how long {@link Processor#close()} waits for the poll loop to finish
 * @param runLogs which processed runs get a log record (INGEST_RUN_LOGS, default {@code all})
 * @param workers threads handling records, shared out by record key (INGEST_WORKERS, default: the
 *     number of cores, at most {@value #MAX_DEFAULT_WORKERS})
 */
public record ProcessorSettings(
    String topic,
    String deadLetterTopic,
    String groupId,
    Map<String, Object> consumerProperties,
    Map<String, Object> producerProperties,
    Map<String, Object> adminProperties,
    int dedupWindow,
    Duration startupTimeout,
    Duration closeTimeout,
    RunLogs runLogs,
    int workers) {

  public static final String DEFAULT_TOPIC = "ingestion-logs";
  public static final String DEFAULT_DLQ_TOPIC = "ingestion-logs.dlq";
  public static final String DEFAULT_GROUP_ID = "ingest-processor";
  public static final int DEFAULT_DEDUP_WINDOW = 100_000;
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);
  /** More workers than this rarely help: the poll is one thread, and exporters need a core. */
  public static final int MAX_DEFAULT_WORKERS = 4;

  public ProcessorSettings {
    requireName(topic, "topic");
    requireName(deadLetterTopic, "dead-letter topic");
    requireName(groupId, "group id");
    if (topic.equals(deadLetterTopic)) {
      throw new IllegalArgumentException("the dead-letter topic must differ from the topic: " + topic);
    }
    if (dedupWindow < 0) {
      throw new IllegalArgumentException("dedup window must be >= 0, got " + dedupWindow);
    }
    requirePositive(startupTimeout, "startup timeout");
    requirePositive(closeTimeout, "close timeout");
    Objects.requireNonNull(runLogs, "run logs");
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, got " + workers);
    }
    consumerProperties = Map.copyOf(consumerProperties);
    producerProperties = Map.copyOf(producerProperties);
    adminProperties = Map.copyOf(adminProperties);
  }

  /** Defaults everywhere, with this bootstrap address. */
  public static ProcessorSettings forBootstrapServers(String bootstrapServers) {
    Map<String, Object> bootstrap = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return new ProcessorSettings(
        DEFAULT_TOPIC, DEFAULT_DLQ_TOPIC, DEFAULT_GROUP_ID, bootstrap, bootstrap, bootstrap,
        DEFAULT_DEDUP_WINDOW, DEFAULT_STARTUP_TIMEOUT, DEFAULT_CLOSE_TIMEOUT, RunLogs.ALL, defaultWorkers());
  }

  /**
   * From the environment: KAFKA_* client settings by {@link KafkaClientSettings}'s convention
   * (KAFKA_BOOTSTRAP_SERVERS, KAFKA_GROUP_ID, KAFKA_SECURITY_PROTOCOL...), INGEST_TOPIC,
   * INGEST_DLQ_TOPIC, INGEST_RUN_LOGS.
   *
   * @throws IllegalArgumentException on an INGEST_RUN_LOGS value other than all or sampled
   */
  public static ProcessorSettings fromEnvironment(Map<String, String> env) {
    Map<String, Object> consumer = new HashMap<>(KafkaClientSettings.consumer(env));
    String group = (String) consumer.getOrDefault(ConsumerConfig.GROUP_ID_CONFIG, DEFAULT_GROUP_ID);
    consumer.remove(ConsumerConfig.GROUP_ID_CONFIG); // carried by groupId, set once at build time
    return new ProcessorSettings(
        nonBlank(env.get("INGEST_TOPIC"), DEFAULT_TOPIC),
        nonBlank(env.get("INGEST_DLQ_TOPIC"), DEFAULT_DLQ_TOPIC),
        group,
        consumer,
        KafkaClientSettings.producer(env),
        KafkaClientSettings.admin(env),
        DEFAULT_DEDUP_WINDOW,
        DEFAULT_STARTUP_TIMEOUT,
        DEFAULT_CLOSE_TIMEOUT,
        RunLogs.fromSetting(env.get("INGEST_RUN_LOGS")),
        defaultWorkers());
  }

  public String bootstrapServers() {
    return String.valueOf(consumerProperties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
  }

  public ProcessorSettings withTopic(String newTopic) {
    return new ProcessorSettings(newTopic, deadLetterTopic, groupId, consumerProperties,
        producerProperties, adminProperties, dedupWindow, startupTimeout, closeTimeout, runLogs, workers);
  }

  public ProcessorSettings withDeadLetterTopic(String newTopic) {
    return new ProcessorSettings(topic, newTopic, groupId, consumerProperties,
        producerProperties, adminProperties, dedupWindow, startupTimeout, closeTimeout, runLogs, workers);
  }

  public ProcessorSettings withGroupId(String newGroupId) {
    return new ProcessorSettings(topic, deadLetterTopic, newGroupId, consumerProperties,
        producerProperties, adminProperties, dedupWindow, startupTimeout, closeTimeout, runLogs, workers);
  }

  public ProcessorSettings withDedupWindow(int window) {
    return new ProcessorSettings(topic, deadLetterTopic, groupId, consumerProperties,
        producerProperties, adminProperties, window, startupTimeout, closeTimeout, runLogs, workers);
  }

  public ProcessorSettings withStartupTimeout(Duration timeout) {
    return new ProcessorSettings(topic, deadLetterTopic, groupId, consumerProperties,
        producerProperties, adminProperties, dedupWindow, timeout, closeTimeout, runLogs, workers);
  }

  public ProcessorSettings withCloseTimeout(Duration timeout) {
    return new ProcessorSettings(topic, deadLetterTopic, groupId, consumerProperties,
        producerProperties, adminProperties, dedupWindow, startupTimeout, timeout, runLogs, workers);
  }

  public ProcessorSettings withRunLogs(RunLogs newRunLogs) {
    return new ProcessorSettings(topic, deadLetterTopic, groupId, consumerProperties,
        producerProperties, adminProperties, dedupWindow, startupTimeout, closeTimeout, newRunLogs, workers);
  }

  public ProcessorSettings withWorkers(int newWorkers) {
    return new ProcessorSettings(topic, deadLetterTopic, groupId, consumerProperties,
        producerProperties, adminProperties, dedupWindow, startupTimeout, closeTimeout, runLogs, newWorkers);
  }

  /** One worker per core, at most {@value #MAX_DEFAULT_WORKERS}. */
  public static int defaultWorkers() {
    return Math.min(Runtime.getRuntime().availableProcessors(), MAX_DEFAULT_WORKERS);
  }

  /**
   * Adds Kafka client properties ({@code --kafka-property}): each goes to the clients that know it
   * (security settings reach all three); one no client knows goes to all, for plugins that read
   * their own keys. {@code group.id} sets the group.
   */
  public ProcessorSettings withKafkaProperties(Map<String, ?> properties) {
    Map<String, Object> consumer = new HashMap<>(consumerProperties);
    Map<String, Object> producer = new HashMap<>(producerProperties);
    Map<String, Object> admin = new HashMap<>(adminProperties);
    String group = groupId;
    for (Map.Entry<String, ?> e : properties.entrySet()) {
      String key = e.getKey();
      if (ConsumerConfig.GROUP_ID_CONFIG.equals(key)) {
        group = String.valueOf(e.getValue());
        continue;
      }
      boolean c = ConsumerConfig.configNames().contains(key);
      boolean p = ProducerConfig.configNames().contains(key);
      boolean a = AdminClientConfig.configNames().contains(key);
      boolean unknown = !c && !p && !a;
      if (c || unknown) {
        consumer.put(key, e.getValue());
      }
      if (p || unknown) {
        producer.put(key, e.getValue());
      }
      if (a || unknown) {
        admin.put(key, e.getValue());
      }
    }
    return new ProcessorSettings(topic, deadLetterTopic, group, consumer, producer, admin,
        dedupWindow, startupTimeout, closeTimeout, runLogs, workers);
  }

  private static String nonBlank(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static void requireName(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }

  private static void requirePositive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
  }
}
