package io.ingestlens.runtime.otel.backpressure;

import io.opentelemetry.sdk.common.CompletableResultCode;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Sits between a batch processor and its OTLP exporter: hands the batches to the exporter one at
 * a time, in order, sends a batch again while its export fails in a way that may pass (the
 * collector is away), and reports each batch's end to {@link InFlight}.
 *
 * <p>In order, because {@link InFlight#completedUpTo} relies on it: a batch is sent only once the
 * one before has completed. The batch processor already waits for each export before the next, so
 * this costs nothing while exports succeed.
 *
 * <p>A batch that fails for good (the collector refused the data) is reported as completed, logged
 * by {@link ExportProblems} and counted by the exporter itself ({@code otlp.exporter.exported} with
 * {@code success="false"}). After {@link #shutdown()} nothing is sent again.
 */
final class Resender<T> {

  static final Duration FIRST_DELAY = Duration.ofSeconds(1);
  static final Duration MAX_DELAY = Duration.ofSeconds(30);

  private final Function<Collection<T>, CompletableResultCode> exporter;
  private final InFlight inFlight;
  private final ExportProblems problems;
  private final ScheduledExecutorService scheduler;
  private final Object lock = new Object();
  private CompletableResultCode last = CompletableResultCode.ofSuccess();
  /** The batch between two sends, if any (one at most: batches go one at a time). */
  private CompletableResultCode waitingToResend;
  private volatile boolean shutdown;

  Resender(
      Function<Collection<T>, CompletableResultCode> exporter,
      InFlight inFlight,
      ExportProblems problems,
      ScheduledExecutorService scheduler) {
    this.exporter = exporter;
    this.inFlight = inFlight;
    this.problems = problems;
    this.scheduler = scheduler;
  }

  /**
   * Queues a batch behind the previous one. The batch is copied: the batch processor reuses its
   * list once the export call returns or times out.
   */
  CompletableResultCode export(Collection<T> batch) {
    List<T> items = List.copyOf(batch);
    CompletableResultCode result = new CompletableResultCode();
    CompletableResultCode previous;
    synchronized (lock) {
      previous = last;
      last = result;
    }
    previous.whenComplete(() -> attempt(items, result, 0));
    return result;
  }

  /**
   * Stops sending again: the batch waiting for its next send, and any that fails from now on, ends
   * as failed, without being counted as sent.
   */
  void shutdown() {
    shutdown = true;
    CompletableResultCode waiting;
    synchronized (lock) {
      waiting = waitingToResend;
      waitingToResend = null;
    }
    if (waiting != null) {
      waiting.fail();
    }
  }

  private void attempt(List<T> items, CompletableResultCode result, int resends) {
    synchronized (lock) {
      if (resends > 0 && waitingToResend != result) {
        return; // shut down while waiting: already failed
      }
      waitingToResend = null;
    }
    CompletableResultCode sent;
    try {
      sent = exporter.apply(items);
    } catch (RuntimeException e) {
      sent = CompletableResultCode.ofExceptionalFailure(e);
    }
    CompletableResultCode done = sent;
    done.whenComplete(() -> {
      if (done.isSuccess()) {
        if (resends > 0) {
          problems.recovered(inFlight.signal(), items.size());
        }
        inFlight.completed(items.size());
        result.succeed();
      } else if (!shutdown && ExportFailures.retryable(done.getFailureThrowable())) {
        problems.retrying(inFlight, done.getFailureThrowable());
        resendLater(items, result, resends + 1);
      } else {
        if (!shutdown) {
          problems.lost(inFlight.signal(), items.size(), done.getFailureThrowable());
          inFlight.completed(items.size());
        } else {
          problems.unsentAtShutdown(inFlight.signal(), items.size());
        }
        result.fail();
      }
    });
  }

  private void resendLater(List<T> items, CompletableResultCode result, int resends) {
    synchronized (lock) {
      if (!shutdown) {
        waitingToResend = result;
      }
    }
    if (shutdown) {
      problems.unsentAtShutdown(inFlight.signal(), items.size());
      result.fail();
      return;
    }
    try {
      scheduler.schedule(() -> attempt(items, result, resends), delay(resends - 1).toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) { // the scheduler stopped: shutting down
      shutdown();
    }
  }

  /** 1 s, 2 s, 4 s... at most 30 s between two sends of one batch (the exporter also retried). */
  static Duration delay(int resends) {
    long millis = FIRST_DELAY.toMillis() << Math.min(resends, 16);
    return Duration.ofMillis(Math.min(millis, MAX_DELAY.toMillis()));
  }
}
