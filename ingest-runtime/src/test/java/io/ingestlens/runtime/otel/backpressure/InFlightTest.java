package io.ingestlens.runtime.otel.backpressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.sdk.common.CompletableResultCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightTest {

  @Test
  void roomIsTheQueueLessWhatIsHandedAndNotYetExported() {
    InFlight spans = new InFlight("spans", 10);
    for (int i = 0; i < 7; i++) {
      spans.handedOne();
    }
    assertThat(spans.inFlight()).isEqualTo(7);
    assertThat(spans.hasRoomFor(3)).isTrue();
    assertThat(spans.hasRoomFor(4)).isFalse();

    spans.completed(5);

    assertThat(spans.inFlight()).isEqualTo(2);
    assertThat(spans.hasRoomFor(8)).isTrue();
    assertThat(spans).hasToString("2 spans (queue 10)");
  }

  @Test
  void aWaitForRoomEndsWhenAnExportCompletes() throws Exception {
    InFlight logs = new InFlight("log records", 4);
    for (int i = 0; i < 4; i++) {
      logs.handedOne();
    }
    CompletableFuture<Boolean> room = CompletableFuture.supplyAsync(() -> {
      try {
        return logs.awaitRoomFor(2, TimeUnit.MINUTES.toNanos(1));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(room).isNotDone();

    logs.completed(2);

    assertThat(room.get(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aWaitForRoomGivesUpAtItsTimeout() throws InterruptedException {
    InFlight spans = new InFlight("spans", 1);
    spans.handedOne();
    assertThat(spans.awaitRoomFor(1, TimeUnit.MILLISECONDS.toNanos(20))).isFalse();
  }

  @Test
  void aMarkCompletesOnceEverythingHandedBeforeItIsExported() {
    InFlight spans = new InFlight("spans", 100);
    for (int i = 0; i < 5; i++) {
      spans.handedOne();
    }
    CompletableResultCode first = spans.completedUpTo(spans.handed());
    for (int i = 0; i < 5; i++) {
      spans.handedOne();
    }
    CompletableResultCode second = spans.completedUpTo(spans.handed());

    spans.completed(4);
    assertThat(first.isDone()).isFalse();
    spans.completed(1);
    assertThat(first.isSuccess()).isTrue();
    assertThat(second.isDone()).isFalse();
    spans.completed(5);
    assertThat(second.isSuccess()).isTrue();
    assertThat(spans.completedUpTo(spans.handed()).isSuccess()).as("nothing left: done at once").isTrue();
  }

  @Test
  void marksMayBeAskedForInAnyOrder() {
    InFlight spans = new InFlight("spans", 100);
    CompletableResultCode late = spans.completedUpTo(8);
    CompletableResultCode early = spans.completedUpTo(3);

    spans.completed(3);

    assertThat(early.isSuccess()).isTrue();
    assertThat(late.isDone()).isFalse();
    await().atMost(Duration.ofSeconds(1)).until(() -> {
      spans.completed(5);
      return late.isSuccess();
    });
  }

  @Test
  void aQueueMustHoldSomething() {
    assertThatThrownBy(() -> new InFlight("spans", 0)).hasMessage("spans queue size must be >= 1, got 0");
  }
}
