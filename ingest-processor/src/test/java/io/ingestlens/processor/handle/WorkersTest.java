package io.ingestlens.processor.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class WorkersTest {

  @Test
  void eachKeysRecordsGoToOneWorkerInOffsetOrderAndTheBatchEndsWhenAllAreDone() {
    List<List<String>> seen = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    List<Workers.Handler> handlers = new ArrayList<>();
    for (List<String> mine : seen) {
      handlers.add(record -> mine.add(new String(record.key(), StandardCharsets.UTF_8) + "@" + record.offset()));
    }
    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
    for (long offset = 0; offset < 60; offset++) {
      batch.add(record(0, offset, "source-" + (offset % 6) + "/object"));
    }

    try (Workers workers = new Workers(handlers)) {
      workers.handle(new ConsumerRecords<>(Map.of(new TopicPartition("t", 0), batch), Map.of()));
    }

    assertThat(seen.stream().mapToInt(List::size).sum()).isEqualTo(60);
    Set<String> keysSeenTwice = new HashSet<>();
    for (List<String> mine : seen) {
      Map<String, Long> lastOffset = new HashMap<>();
      for (String entry : mine) {
        String key = entry.substring(0, entry.indexOf('@'));
        long offset = Long.parseLong(entry.substring(entry.indexOf('@') + 1));
        assertThat(offset).as("in offset order").isGreaterThan(lastOffset.getOrDefault(key, -1L));
        lastOffset.put(key, offset);
      }
      for (String key : lastOffset.keySet()) {
        assertThat(keysSeenTwice.add(key)).as("key %s on one worker only", key).isTrue();
      }
    }
  }

  @Test
  void aFailureIsRethrownOnceEveryWorkerHasFinished() {
    List<String> others = new CopyOnWriteArrayList<>();
    List<Workers.Handler> handlers = List.of(
        record -> { throw new IllegalStateException("worker 0 broke"); },
        record -> others.add("1"),
        record -> others.add("2"));
    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
    for (long offset = 0; offset < 30; offset++) {
      batch.add(record(0, offset, "k" + offset));
    }
    int toOthers = (int) batch.stream().filter(r -> Workers.workerOf(r, 3) != 0).count();

    try (Workers workers = new Workers(handlers)) {
      assertThatThrownBy(() -> workers.handle(new ConsumerRecords<>(Map.of(new TopicPartition("t", 0), batch), Map.of())))
          .hasMessage("worker 0 broke");
    }
    assertThat(others).hasSize(toOthers);
  }

  @Test
  void aKeyAlwaysGoesToOneWorkerAndTheSampleKeysSpreadOverTwo() {
    Map<Integer, Integer> perWorker = new HashMap<>();
    for (String source : List.of("PowerBI", "Efficy", "zohobooks", "EasyProjects", "sharepoint_graph")) {
      for (String object : List.of("a", "b", "c", "d")) {
        String key = source + "/" + object;
        int worker = Workers.workerOf(record(0, 0L, key), 2);
        assertThat(Workers.workerOf(record(2, 9L, key), 2)).as("same key, other partition and offset").isEqualTo(worker);
        assertThat(Workers.workerOf(record(0, 0L, key), 1)).isZero();
        perWorker.merge(worker, 1, Integer::sum);
      }
    }
    // The hash is fixed, so is the spread of these 20 keys: both workers busy, neither idle.
    assertThat(perWorker).isEqualTo(Map.of(0, 8, 1, 12));
  }

  @Test
  void recordsWithoutAKeyGoByPartition() {
    List<Integer> workerOfPartition = new ArrayList<>();
    for (int partition = 0; partition < 6; partition++) {
      int worker = Workers.workerOf(new ConsumerRecord<>("t", partition, 0L, null, new byte[0]), 3);
      assertThat(Workers.workerOf(new ConsumerRecord<>("t", partition, 7L, null, new byte[1]), 3))
          .as("all of partition %d's keyless records on one worker", partition).isEqualTo(worker);
      workerOfPartition.add(worker);
    }
    // The hash is fixed, so is the spread: six partitions over all three workers.
    assertThat(workerOfPartition).containsExactly(0, 1, 0, 2, 1, 0);
  }

  private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, String key) {
    return new ConsumerRecord<>("t", partition, offset, key.getBytes(StandardCharsets.UTF_8), new byte[0]);
  }
}
