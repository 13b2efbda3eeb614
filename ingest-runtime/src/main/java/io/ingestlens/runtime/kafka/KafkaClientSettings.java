package io.ingestlens.runtime.kafka;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Kafka client properties from the environment, by the convention Kafka's own images use:
 * {@code KAFKA_SECURITY_PROTOCOL=SASL_SSL} becomes {@code security.protocol=SASL_SSL}. Only names the
 * client knows are taken, so unrelated {@code KAFKA_*} variables (KAFKA_HOME...) are ignored. This is
 * how SASL/TLS settings of a real cluster reach the services without code changes.
 */
public final class KafkaClientSettings {

  public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
  public static final String DEFAULT_BOOTSTRAP = "localhost:9092";

  private static final String PREFIX = "KAFKA_";

  private KafkaClientSettings() {}

  /** Producer properties found in {@code env}, bootstrap servers defaulting to localhost:9092. */
  public static Map<String, Object> producer(Map<String, String> env) {
    return fromEnv(env, ProducerConfig.configNames());
  }

  public static Map<String, Object> consumer(Map<String, String> env) {
    return fromEnv(env, ConsumerConfig.configNames());
  }

  public static Map<String, Object> admin(Map<String, String> env) {
    return fromEnv(env, AdminClientConfig.configNames());
  }

  static Map<String, Object> fromEnv(Map<String, String> env, Set<String> known) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP);
    env.forEach(
        (name, value) -> {
          if (name.startsWith(PREFIX) && !value.isBlank()) {
            String key = name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            if (known.contains(key)) {
              props.put(key, value);
            }
          }
        });
    return props;
  }

  /**
   * Parses {@code key=value} client properties given as flags ({@code --kafka-property}); a malformed
   * one is a configuration error the user must see.
   */
  public static Map<String, Object> parseProperties(Iterable<String> keyValues) {
    Map<String, Object> props = new HashMap<>();
    for (String kv : keyValues) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("Kafka property must be key=value, got: " + kv);
      }
      props.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
    }
    return props;
  }
}
