package io.ingestlens.processor.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ingestlens.processor.TestEvents;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {

  @Test
  void anIdIsNewOnceWithinTheWindow() {
    Deduplicator dedup = new Deduplicator(10);
    String a = TestEvents.newId();
    assertThat(dedup.firstSeen(a)).isTrue();
    assertThat(dedup.firstSeen(a)).isFalse();
    assertThat(dedup.firstSeen(TestEvents.newId())).isTrue();
  }

  @Test
  void theWindowIsBoundedAndForgetsTheOldestFirst() {
    Deduplicator dedup = new Deduplicator(2);
    String a = TestEvents.newId();
    String b = TestEvents.newId();
    String c = TestEvents.newId();
    dedup.firstSeen(a);
    dedup.firstSeen(b);
    dedup.firstSeen(c); // forgets a
    assertThat(dedup.size()).isEqualTo(2);
    assertThat(dedup.firstSeen(b)).isFalse();
    assertThat(dedup.firstSeen(c)).isFalse();
    assertThat(dedup.firstSeen(a)).isTrue();
  }

  @Test
  void behavesLikeABoundedFifoSetOverManyIds() {
    int window = 1_000;
    Deduplicator dedup = new Deduplicator(window);
    ArrayDeque<String> order = new ArrayDeque<>();
    Set<String> model = new HashSet<>();
    List<String> pool = new ArrayList<>();
    for (int i = 0; i < 3 * window; i++) {
      pool.add(TestEvents.newId());
    }
    Random random = new Random(42);
    for (int i = 0; i < 50_000; i++) {
      String id = pool.get(random.nextInt(pool.size()));
      boolean expected = !model.contains(id);
      if (expected) {
        if (order.size() == window) {
          model.remove(order.removeFirst());
        }
        order.addLast(id);
        model.add(id);
      }
      assertThat(dedup.firstSeen(id)).as("step %d", i).isEqualTo(expected);
    }
  }

  @Test
  void aZeroWindowDisablesDeduplication() {
    Deduplicator dedup = new Deduplicator(0);
    String a = TestEvents.newId();
    assertThat(dedup.firstSeen(a)).isTrue();
    assertThat(dedup.firstSeen(a)).isTrue();
  }

  @Test
  void aNegativeWindowIsRefused() {
    assertThatThrownBy(() -> new Deduplicator(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
