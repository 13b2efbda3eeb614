package io.ingestlens.runtime.otel.backpressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResenderTest {

  private final HeldExporter exporter = new HeldExporter();
  private final InFlight inFlight = new InFlight("spans", 100);
  private final ImmediateScheduler scheduler = new ImmediateScheduler();
  private final Resender<String> resender =
      new Resender<>(exporter::export, inFlight, new ExportProblems("svc"), scheduler);

  @AfterEach
  void stopScheduler() {
    scheduler.shutdownNow();
  }

  @Test
  void batchesReachTheExporterOneAtATimeInOrder() {
    handed(4);
    CompletableResultCode first = resender.export(List.of("a", "b"));
    CompletableResultCode second = resender.export(List.of("c", "d"));

    assertThat(exporter.batches).containsExactly(List.of("a", "b"));
    exporter.results.get(0).succeed();

    assertThat(first.isSuccess()).isTrue();
    assertThat(inFlight.completed()).isEqualTo(2);
    assertThat(exporter.batches).containsExactly(List.of("a", "b"), List.of("c", "d"));
    exporter.results.get(1).succeed();
    assertThat(second.isSuccess()).isTrue();
    assertThat(inFlight.inFlight()).isZero();
  }

  @Test
  void aBatchTheCollectorCouldNotTakeIsSentAgainUntilItDoes() {
    handed(2);
    List<String> reused = new ArrayList<>(List.of("a", "b"));
    CompletableResultCode result = resender.export(reused);
    reused.clear(); // the batch processor reuses its list once export() returns

    exporter.results.get(0).failExceptionally(FailedExportException.httpFailedExceptionally(new ConnectException("refused")));
    await().until(() -> exporter.batches.size() == 2);
    exporter.results.get(1).failExceptionally(FailedExportException.httpFailedWithResponse(ExportFailuresTest.http(503)));
    await().until(() -> exporter.batches.size() == 3);
    assertThat(result.isDone()).isFalse();
    assertThat(inFlight.inFlight()).as("still waiting for export").isEqualTo(2);

    exporter.results.get(2).succeed();

    assertThat(result.isSuccess()).isTrue();
    assertThat(exporter.batches).containsOnly(List.of("a", "b"));
    assertThat(inFlight.inFlight()).isZero();
    assertThat(scheduler.delays).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void aBatchTheCollectorRefusedIsNotSentAgainButCountedAsDone() {
    handed(3);
    CompletableResultCode refused = resender.export(List.of("a"));
    CompletableResultCode next = resender.export(List.of("b", "c"));

    exporter.results.get(0).failExceptionally(FailedExportException.httpFailedWithResponse(ExportFailuresTest.http(400)));

    assertThat(refused.isDone()).isTrue();
    assertThat(refused.isSuccess()).isFalse();
    assertThat(inFlight.completed()).as("lost for good: no longer in flight").isEqualTo(1);
    assertThat(exporter.batches).as("the next batch goes on").hasSize(2);
    exporter.results.get(1).succeed();
    assertThat(next.isSuccess()).isTrue();
  }

  @Test
  void afterShutdownNothingIsSentAgainNorCountedAsExported() {
    handed(1);
    CompletableResultCode result = resender.export(List.of("a"));
    resender.shutdown();

    exporter.results.get(0).failExceptionally(FailedExportException.httpFailedExceptionally(new ConnectException("refused")));

    assertThat(result.isDone()).isTrue();
    assertThat(result.isSuccess()).isFalse();
    assertThat(exporter.batches).hasSize(1);
    assertThat(inFlight.completed()).isZero();
  }

  @Test
  void aBatchWaitingForItsNextSendEndsAsFailedAtShutdown() {
    handed(1);
    scheduler.hold = true;
    CompletableResultCode result = resender.export(List.of("a"));
    exporter.results.get(0).failExceptionally(FailedExportException.httpFailedExceptionally(new ConnectException("refused")));
    assertThat(scheduler.delays).hasSize(1);
    assertThat(result.isDone()).isFalse();

    resender.shutdown();

    assertThat(result.isDone()).isTrue();
    assertThat(result.isSuccess()).isFalse();
    assertThat(inFlight.completed()).isZero();
  }

  @Test
  void theDelayDoublesUpToThirtySeconds() {
    assertThat(List.of(0, 1, 2, 3, 4, 5, 6, 40)).extracting(Resender::delay)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
            Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30));
  }

  private void handed(int items) {
    for (int i = 0; i < items; i++) {
      inFlight.handedOne();
    }
  }

  /** Keeps every export pending until the test completes it. */
  private static final class HeldExporter {
    final List<Collection<String>> batches = new CopyOnWriteArrayList<>();
    final List<CompletableResultCode> results = new CopyOnWriteArrayList<>();

    CompletableResultCode export(Collection<String> batch) {
      CompletableResultCode result = new CompletableResultCode();
      batches.add(List.copyOf(batch));
      results.add(result);
      return result;
    }
  }

  /** Runs what is scheduled at once (or never, when held), noting the delay it was asked for. */
  private static final class ImmediateScheduler extends ScheduledThreadPoolExecutor {
    final List<Duration> delays = new CopyOnWriteArrayList<>();
    volatile boolean hold;

    ImmediateScheduler() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      delays.add(Duration.ofNanos(unit.toNanos(delay)));
      return super.schedule(command, hold ? 1 : 0, hold ? TimeUnit.DAYS : unit);
    }
  }
}
