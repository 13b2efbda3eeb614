package io.ingestlens.processor;

import io.ingestlens.testkit.KafkaBroker;

/** Processor settings for a test's broker and topic. */
final class TestSettings {

  private TestSettings() {}

  /** The broker's address, the topic, its dead-letter topic {@code <topic>.dlq} and group {@code processor-<topic>}. */
  static ProcessorSettings of(KafkaBroker kafka, String topic) {
    return ProcessorSettings.builder()
        .bootstrapServers(kafka.bootstrapServers())
        .topic(topic)
        .deadLetterTopic(topic + ".dlq")
        .groupId("processor-" + topic)
        .build();
  }
}
