package io.ingestlens.processor;

import io.ingestlens.runtime.kafka.KafkaClientSettings;
import io.ingestlens.runtime.otel.backpressure.TelemetryOverflow;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Everything a {@link Processor} needs to know, immutable. Made by a {@link #builder()} (the
 * service's command line fills one), or {@link #forBootstrapServers} for defaults everywhere else
 * (tests, quickstart, benchmark); {@link #toBuilder()} adjusts a copy.
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
 * @param telemetryOverflow whether processing waits for the telemetry exporters or the SDK drops
 *     what does not fit (INGEST_TELEMETRY_OVERFLOW, default {@code block})
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
    int workers,
    TelemetryOverflow telemetryOverflow) {

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
    Objects.requireNonNull(telemetryOverflow, "telemetry overflow");
    consumerProperties = Map.copyOf(consumerProperties);
    producerProperties = Map.copyOf(producerProperties);
    adminProperties = Map.copyOf(adminProperties);
  }

  /** Defaults everywhere, with this bootstrap address. */
  public static ProcessorSettings forBootstrapServers(String bootstrapServers) {
    return builder().bootstrapServers(bootstrapServers).build();
  }

  /** Defaults everywhere: a broker at {@value KafkaClientSettings#DEFAULT_BOOTSTRAP}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.topic = topic;
    builder.deadLetterTopic = deadLetterTopic;
    builder.groupId = groupId;
    builder.consumer.putAll(consumerProperties);
    builder.producer.putAll(producerProperties);
    builder.admin.putAll(adminProperties);
    builder.dedupWindow = dedupWindow;
    builder.startupTimeout = startupTimeout;
    builder.closeTimeout = closeTimeout;
    builder.runLogs = runLogs;
    builder.workers = workers;
    builder.telemetryOverflow = telemetryOverflow;
    return builder;
  }

  public String bootstrapServers() {
    return String.valueOf(consumerProperties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
  }

  /** One worker per core, at most {@value #MAX_DEFAULT_WORKERS}. */
  public static int defaultWorkers() {
    return Math.min(Runtime.getRuntime().availableProcessors(), MAX_DEFAULT_WORKERS);
  }

  /** Settings one at a time; {@link #build()} checks them together. */
  public static final class Builder {
    private String topic = DEFAULT_TOPIC;
    private String deadLetterTopic = DEFAULT_DLQ_TOPIC;
    private String groupId = DEFAULT_GROUP_ID;
    private final Map<String, Object> consumer = new HashMap<>();
    private final Map<String, Object> producer = new HashMap<>();
    private final Map<String, Object> admin = new HashMap<>();
    private int dedupWindow = DEFAULT_DEDUP_WINDOW;
    private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
    private RunLogs runLogs = RunLogs.ALL;
    private int workers = defaultWorkers();
    private TelemetryOverflow telemetryOverflow = TelemetryOverflow.BLOCK;

    private Builder() {
      bootstrapServers(KafkaClientSettings.DEFAULT_BOOTSTRAP);
    }

    public Builder topic(String topic) {
      this.topic = topic;
      return this;
    }

    public Builder deadLetterTopic(String deadLetterTopic) {
      this.deadLetterTopic = deadLetterTopic;
      return this;
    }

    public Builder groupId(String groupId) {
      this.groupId = groupId;
      return this;
    }

    /** The bootstrap address of all three clients. */
    public Builder bootstrapServers(String bootstrapServers) {
      consumer.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      producer.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      admin.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      return this;
    }

    public Builder dedupWindow(int dedupWindow) {
      this.dedupWindow = dedupWindow;
      return this;
    }

    public Builder startupTimeout(Duration startupTimeout) {
      this.startupTimeout = startupTimeout;
      return this;
    }

    public Builder closeTimeout(Duration closeTimeout) {
      this.closeTimeout = closeTimeout;
      return this;
    }

    public Builder runLogs(RunLogs runLogs) {
      this.runLogs = runLogs;
      return this;
    }

    public Builder telemetryOverflow(TelemetryOverflow telemetryOverflow) {
      this.telemetryOverflow = telemetryOverflow;
      return this;
    }

    public Builder workers(int workers) {
      this.workers = workers;
      return this;
    }

    /**
     * Kafka client settings from the environment by {@link KafkaClientSettings}' convention
     * (KAFKA_BOOTSTRAP_SERVERS, KAFKA_GROUP_ID, KAFKA_SECURITY_PROTOCOL...): each client takes the
     * names it knows; KAFKA_GROUP_ID sets the group.
     */
    public Builder kafkaEnvironment(Map<String, String> env) {
      Map<String, Object> fromEnv = new HashMap<>(KafkaClientSettings.consumer(env));
      Object group = fromEnv.remove(ConsumerConfig.GROUP_ID_CONFIG); // carried by groupId, set at build time
      if (group != null) {
        groupId = group.toString();
      }
      consumer.putAll(fromEnv);
      producer.putAll(KafkaClientSettings.producer(env));
      admin.putAll(KafkaClientSettings.admin(env));
      return this;
    }

    /**
     * Adds Kafka client properties ({@code --kafka-property}): each goes to the clients that know it
     * (security settings reach all three); one no client knows goes to all, for plugins that read
     * their own keys. {@code group.id} sets the group.
     */
    public Builder kafkaProperties(Map<String, ?> properties) {
      for (Map.Entry<String, ?> e : properties.entrySet()) {
        String key = e.getKey();
        if (ConsumerConfig.GROUP_ID_CONFIG.equals(key)) {
          groupId = String.valueOf(e.getValue());
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
      return this;
    }

    /**
     * @throws IllegalArgumentException on a blank name, equal topics, a negative window, a timeout
     *     that is not positive or fewer than one worker
     */
    public ProcessorSettings build() {
      return new ProcessorSettings(topic, deadLetterTopic, groupId, consumer, producer, admin,
          dedupWindow, startupTimeout, closeTimeout, runLogs, workers, telemetryOverflow);
    }
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
