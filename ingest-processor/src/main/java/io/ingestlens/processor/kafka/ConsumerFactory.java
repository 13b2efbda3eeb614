package io.ingestlens.processor.kafka;

import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Makes the processor's consumer from its configuration: a {@link KafkaConsumer} in the service;
 * tests may hand out a real consumer wrapped to watch or disturb it.
 */
@FunctionalInterface
public interface ConsumerFactory {

  /** @throws org.apache.kafka.common.KafkaException on an invalid configuration */
  Consumer<byte[], byte[]> create(Map<String, Object> config);

  /** A plain {@link KafkaConsumer} of raw bytes: the processor reads the value itself. */
  static ConsumerFactory kafka() {
    return config -> new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
