package io.ingestlens.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaBrokerTest {

  /** Short waits: the failing read below gives up after them. */
  @RegisterExtension
  static final KafkaBroker KAFKA = new KafkaBroker(Duration.ofSeconds(5));

  @Test
  void publishedRecordsAreReadBackInOrderPerKey() throws Exception {
    KAFKA.createTopic("published", 3);
    List<Integer> items = IntStream.range(0, 100).boxed().toList();

    KAFKA.publish("published", items, i -> "key-" + (i % 4), i -> bytes("value-" + i));

    List<ConsumerRecord<String, byte[]>> read = KAFKA.read("published", 100, new StringDeserializer(), new ByteArrayDeserializer());
    assertThat(read).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
        .containsExactlyInAnyOrderElementsOf(items.stream().map(i -> "value-" + i).toList());
    assertThat(read.stream().filter(r -> r.key().equals("key-1")).map(r -> new String(r.value(), StandardCharsets.UTF_8)))
        .as("one key's records in the order published")
        .containsExactly(items.stream().filter(i -> i % 4 == 1).map(i -> "value-" + i).toArray(String[]::new));
    assertThat(KAFKA.readToEnd("published")).hasSize(100);
    assertThat(KAFKA.partitionCount("published")).isEqualTo(3);
    assertThat(KAFKA.endOffsets("published")).isEqualTo(100);
  }

  @Test
  void readingMoreRecordsThanArriveFailsSayingHowManyDid() {
    KAFKA.createTopic("short", 2);
    KAFKA.publish("short", List.of(1, 2, 3), i -> "k" + i, i -> bytes("v" + i));

    assertThatThrownBy(() -> KAFKA.read("short", 4))
        .isInstanceOf(AssertionError.class)
        .hasMessage("short: 3 of 4 records arrived within PT5S");
  }

  @Test
  void aGroupThatCommittedNothingHasNothingCommitted() throws Exception {
    assertThat(KAFKA.committed("nobody")).isZero();
  }

  @Test
  void theBrokerStartsOnFirstUseAndStopsAfterTheClass() throws Exception {
    KafkaBroker own = new KafkaBroker();
    String servers = own.bootstrapServers();
    assertThat(own.bootstrapServers()).as("the same broker on each use").isEqualTo(servers);
    own.createTopic("t", 1);

    own.afterAll((ExtensionContext) null);

    assertThat(own.bootstrapServers()).as("a new broker after the class").isNotEqualTo(servers);
    own.afterAll((ExtensionContext) null);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
