package io.ingestlens.processor.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.runtime.otel.MetricsCheckpoint;
import io.ingestlens.runtime.otel.backpressure.TelemetryBackpressure;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class OffsetCommitsTest {

  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);
  private static final Duration INTERVAL = Duration.ofSeconds(10);

  private final AtomicLong now = new AtomicLong();
  private final HeldMetrics metrics = new HeldMetrics();
  private final HeldTelemetry telemetry = new HeldTelemetry();
  private final List<Map<TopicPartition, OffsetAndMetadata>> commits = new ArrayList<>();
  private final OffsetCommits offsets =
      new OffsetCommits(metrics, telemetry, commits::add, Duration.ZERO, now::get);

  @Test
  void offsetsAreCommittedOnceTheTelemetryThenTheMetricsOfTheirRecordsAreExported() {
    offsets.handled(P0, 100, 100);
    offsets.handled(P1, 40, 40);
    elapse(INTERVAL);
    offsets.advance();

    assertThat(metrics.sendAfter).hasSize(1);
    assertThat(metrics.sendAfter.get(0).isDone()).as("metrics wait for the telemetry").isFalse();
    offsets.handled(P0, 150, 50); // handled meanwhile: in the next commit
    telemetry.results.get(0).succeed();
    assertThat(metrics.sendAfter.get(0).isSuccess()).isTrue();
    offsets.advance();
    assertThat(commits).isEmpty();

    metrics.results.get(0).succeed();
    offsets.advance();

    assertThat(commits).containsExactly(Map.of(P0, new OffsetAndMetadata(100), P1, new OffsetAndMetadata(40)));
    assertThat(offsets.committed()).isEqualTo(140);
  }

  @Test
  void aFailedMetricExportDoesNotHoldTheCommitButUnexportedTelemetryDoes() {
    offsets.handled(P0, 10, 10);
    elapse(INTERVAL);
    offsets.advance();
    telemetry.results.get(0).succeed();
    metrics.results.get(0).fail(); // counted by the SDK; the next export carries the counts

    offsets.advance();

    assertThat(commits).containsExactly(Map.of(P0, new OffsetAndMetadata(10)));
  }

  @Test
  void nextCommitIsPreparedOnlyWhenTheIntervalHasPassed() {
    offsets.handled(P0, 10, 10);
    offsets.advance();
    assertThat(metrics.sendAfter).isEmpty();
    elapse(INTERVAL);
    offsets.advance();
    assertThat(metrics.sendAfter).hasSize(1);
  }

  @Test
  void commitNowCommitsWhatIsExportedAndKeepsTheRestForLater() {
    offsets.handled(P0, 10, 10);
    elapse(INTERVAL);
    offsets.advance(); // prepared: waits for its telemetry
    offsets.handled(P0, 25, 15);

    offsets.commitNow(); // timeout zero: the collector is away, nothing exported

    assertThat(telemetry.flushes).isEqualTo(1);
    assertThat(commits).isEmpty();
    assertThat(metrics.sendAfter).allSatisfy(allowed -> {
      assertThat(allowed.isDone()).isTrue();
      assertThat(allowed.isSuccess()).as("counts of uncommitted records never leave").isFalse();
    });

    telemetry.exportEverything();
    metrics.exportEverything();
    offsets.commitNow();

    assertThat(commits).containsExactly(Map.of(P0, new OffsetAndMetadata(25)));
    assertThat(offsets.committed()).isEqualTo(25);
  }

  @Test
  void forgottenPartitionsAreNotCommitted() {
    offsets.handled(P0, 10, 10);
    offsets.handled(P1, 5, 5);
    elapse(INTERVAL);
    offsets.advance();
    offsets.forget(List.of(P1));
    telemetry.exportEverything();
    metrics.exportEverything();

    offsets.advance();

    assertThat(commits).containsExactly(Map.of(P0, new OffsetAndMetadata(10)));
  }

  @Test
  void aCommitTheGroupRefusesIsMadeAgainWithTheNextOne() {
    List<RuntimeException> refusals = new ArrayList<>(List.of(
        new RebalanceInProgressException("rebalancing"), new TimeoutException("no answer")));
    OffsetCommits refusing = new OffsetCommits(MetricsCheckpoint.immediate(), TelemetryBackpressure.none(),
        offsets -> {
          if (!refusals.isEmpty()) {
            throw refusals.remove(0);
          }
          commits.add(offsets);
        },
        Duration.ZERO, now::get);
    refusing.handled(P0, 3, 3);
    refusing.advance(); // refused: a rebalance is under way
    refusing.handled(P1, 7, 7);
    refusing.advance(); // refused: the coordinator did not answer
    assertThat(commits).isEmpty();

    refusing.advance(); // the partitions went quiet: what was handled is still committed

    assertThat(commits).containsExactly(Map.of(P0, new OffsetAndMetadata(3), P1, new OffsetAndMetadata(7)));
    assertThat(refusing.committed()).isEqualTo(10);
  }

  @Test
  void metricsThatLeftJustBeforeTheDeadlineHaveTheirOffsetsCommitted() {
    offsets.handled(P0, 10, 10);
    elapse(INTERVAL);
    offsets.advance();
    telemetry.results.get(0).succeed(); // exported: the metrics are allowed to leave
    // The metric export still runs when commitNow gives up (timeout zero): its counts are on their
    // way, so putting the offsets back would count those records twice.
    offsets.commitNow();

    assertThat(commits).containsExactly(Map.of(P0, new OffsetAndMetadata(10)));
  }

  @Test
  void withNothingToWaitForEveryBatchIsCommittedAtOnce() {
    OffsetCommits immediate = new OffsetCommits(
        MetricsCheckpoint.immediate(), TelemetryBackpressure.none(), commits::add, Duration.ZERO, now::get);
    immediate.handled(P0, 3, 3);
    immediate.advance();
    immediate.handled(P0, 5, 2);
    immediate.advance();

    assertThat(commits).containsExactly(Map.of(P0, new OffsetAndMetadata(3)), Map.of(P0, new OffsetAndMetadata(5)));
  }

  private void elapse(Duration duration) {
    now.addAndGet(duration.toNanos());
  }

  /** Metric exports that stay in flight until the test completes them. */
  private static final class HeldMetrics implements MetricsCheckpoint {
    final List<CompletableResultCode> sendAfter = new ArrayList<>();
    final List<CompletableResultCode> results = new ArrayList<>();

    @Override
    public CompletableResultCode export(CompletableResultCode after) {
      sendAfter.add(after);
      CompletableResultCode result = new CompletableResultCode();
      after.whenComplete(() -> {
        if (!after.isSuccess()) {
          result.fail();
        }
      });
      results.add(result);
      return result;
    }

    @Override
    public Duration interval() {
      return INTERVAL;
    }

    void exportEverything() {
      results.forEach(CompletableResultCode::succeed);
    }
  }

  /** Telemetry whose export the test completes by hand. */
  private static final class HeldTelemetry implements TelemetryBackpressure {
    final List<CompletableResultCode> results = new ArrayList<>();
    int flushes;
    boolean everythingExported;

    @Override
    public int capacity() {
      return Integer.MAX_VALUE;
    }

    @Override
    public boolean hasRoomFor(int items) {
      return true;
    }

    @Override
    public boolean awaitRoomFor(int items, Duration timeout, String what) {
      return true;
    }

    @Override
    public Mark mark() {
      return new Mark(results.size(), 0);
    }

    @Override
    public CompletableResultCode exported(Mark mark) {
      CompletableResultCode result = everythingExported ? CompletableResultCode.ofSuccess() : new CompletableResultCode();
      results.add(result);
      return result;
    }

    @Override
    public CompletableResultCode flush() {
      flushes++;
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public boolean awaitExported(Mark mark, Duration timeout, String what) {
      throw new UnsupportedOperationException("commits never wait this way");
    }

    @Override
    public String describe() {
      return "held";
    }

    void exportEverything() {
      everythingExported = true;
      results.forEach(CompletableResultCode::succeed);
    }
  }
}
