package io.ingestlens.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import io.ingestlens.processor.kafka.ClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The ceiling: a plain consumer that only polls, with the processor's fetch settings (earliest,
 * 2000 records a poll, no auto-commit) and nothing else. Whatever the processor does per event
 * comes on top of this.
 */
final class CeilingRun {

  private CeilingRun() {}

  /** @param extra consumer settings given with --kafka */
  static CaseResult run(String bootstrapServers, String topic, String group, long events, Map<String, String> extra)
      throws InterruptedException {
    AtomicReference<CaseResult> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                result.set(poll(bootstrapServers, topic, group, events, extra));
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "bench-ceiling-poll");
    thread.start();
    thread.join();
    if (failure.get() != null) {
      throw new IllegalStateException("poll-only consumer failed", failure.get());
    }
    return result.get();
  }

  private static CaseResult poll(
      String bootstrapServers, String topic, String group, long events, Map<String, String> extra) {
    Map<String, Object> config = new HashMap<>(extra);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // The processor's own fetch defaults, which --kafka settings override for both.
    config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, ClientConfigs.DEFAULT_MAX_POLL_RECORDS);
    config.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, ClientConfigs.DEFAULT_MAX_PARTITION_FETCH_BYTES);
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long count = 0;
      long first = 0;
      long start = 0;
      long bytes = 0; // read each value so nothing is optimised away
      ThreadCpu before = null;
      while (count < events) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("poll-only consumer read " + count + " of " + events);
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<byte[], byte[]> r : records) {
          bytes += r.value().length;
        }
        if (count == 0 && !records.isEmpty()) { // the clock starts at the first batch: group join excluded
          start = System.nanoTime();
          first = records.count();
          before = ThreadCpu.snapshot();
        }
        count += records.count();
      }
      long end = System.nanoTime();
      ThreadCpu after = ThreadCpu.snapshot();
      if (bytes <= 0) {
        throw new IllegalStateException("no bytes read");
      }
      long measured = count - first;
      return new CaseResult(
          measured / ((end - start) / 1e9), measured, after.since(before), null, 0, null, after.otherLoadSince(before));
    }
  }
}
