package io.ingestlens.processor.commit;

import io.ingestlens.runtime.otel.MetricsCheckpoint;
import io.ingestlens.runtime.otel.backpressure.TelemetryBackpressure;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the offsets of handled records once everything the product shows of them has left:
 * their spans and log records exported, then the metrics that count them.
 *
 * <p>Every {@link MetricsCheckpoint#interval() interval} a commit is prepared: the offsets handled
 * so far, the telemetry mark at that moment ({@link TelemetryBackpressure#mark()}), and the metrics
 * collected at that moment, sent only once the spans and log records up to the mark are exported.
 * The offsets are committed when the metric export has completed (a failed metric export is
 * counted by the SDK and does not hold the commit). So:
 *
 * <ul>
 *   <li>counters count each event exactly once across a crash: what an export counted is
 *       committed, what was handled after it is not and will be counted by the next owner (unless
 *       the process dies between an export completing and the commit that follows);
 *   <li>a committed record's span and log record have left the process: a crash loses none (they
 *       may be sent twice for records handled again).
 * </ul>
 *
 * <p>{@link #advance()} never waits (called after every poll); {@link #commitNow()} (revocation,
 * close) waits, at most the timeout: telemetry not exported by then is not committed and its
 * records will be delivered again. Its metrics are not sent by that commit, but the counters are
 * cumulative: if the process goes on and a later commit's export succeeds, they count those
 * records too, and the next owner counts them again. Hence the long wait on revocation.
 *
 * <p>Not thread-safe: the poll thread alone calls it.
 */
public final class OffsetCommits {

  private static final Logger LOG = LoggerFactory.getLogger(OffsetCommits.class);
  /** A commit waiting this long for its telemetry is said in the log, then again as often. */
  private static final long STALL_NANOS = Duration.ofSeconds(60).toNanos();
  /** How often a waiting commit checks whether it is still wanted. */
  private static final long WAIT_SLICE_NANOS = Duration.ofMillis(200).toNanos();

  /** Puts offsets in the group: the consumer's {@code commitSync}. */
  @FunctionalInterface
  public interface Committer {
    void commit(Map<TopicPartition, OffsetAndMetadata> offsets);
  }

  private final MetricsCheckpoint metrics;
  private final TelemetryBackpressure telemetry;
  private final Committer committer;
  private final Duration syncTimeout;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  /** Handled (dead letters acknowledged), in no commit yet. */
  private final Map<TopicPartition, PartitionProgress> pending = new HashMap<>();
  private final AtomicLong committed = new AtomicLong();
  private Prepared inFlight;
  private long nextNanos;
  private long stallWarnedNanos;

  /** Offsets, and what must have been exported before they are committed. */
  private record Prepared(
      long preparedNanos,
      Map<TopicPartition, PartitionProgress> offsets,
      CompletableResultCode telemetryExported,
      CompletableResultCode metricsAllowed,
      CompletableResultCode metricsExported) {

    boolean ready() {
      return telemetryExported.isDone() && metricsExported.isDone();
    }
  }

  /**
   * @param syncTimeout how long {@link #commitNow()} waits for the exports
   */
  public OffsetCommits(
      MetricsCheckpoint metrics,
      TelemetryBackpressure telemetry,
      Committer committer,
      Duration syncTimeout,
      LongSupplier nanoTime) {
    this.metrics = metrics;
    this.telemetry = telemetry;
    this.committer = committer;
    this.syncTimeout = syncTimeout;
    this.intervalNanos = Math.max(0, metrics.interval().toNanos());
    this.nanoTime = nanoTime;
    this.nextNanos = nanoTime.getAsLong() + intervalNanos;
  }

  /** A partition's records up to {@code nextOffset} (exclusive) are handled: {@code records} more. */
  public void handled(TopicPartition partition, long nextOffset, int records) {
    pending.merge(partition, new PartitionProgress(nextOffset, records), PartitionProgress::then);
  }

  /**
   * Commits the prepared offsets whose exports are done, and prepares the next commit when the
   * interval has passed. Never waits.
   */
  public void advance() {
    long now = nanoTime.getAsLong();
    if (inFlight != null) {
      if (!inFlight.ready()) {
        warnIfStalled(now);
        return;
      }
      finish(inFlight);
      inFlight = null;
    }
    if (now - nextNanos < 0) {
      return;
    }
    nextNanos = now + intervalNanos;
    Prepared prepared = prepare();
    if (prepared.ready()) {
      finish(prepared); // nothing to wait for: commit per batch
    } else {
      inFlight = prepared;
    }
  }

  /**
   * Commits everything handled, now: asks the SDK to export at once and waits for it, at most the
   * timeout. What is not exported by then stays uncommitted.
   */
  public void commitNow() {
    commitNow(syncTimeout, () -> true);
  }

  /**
   * As {@link #commitNow()}, waiting at most {@code timeout}, and no longer once {@code keepWaiting}
   * turns false (the processor stopping during a rebalance's long wait).
   */
  public void commitNow(Duration timeout, BooleanSupplier keepWaiting) {
    long deadline = nanoTime.getAsLong() + timeout.toNanos();
    telemetry.flush();
    if (inFlight != null) {
      await(inFlight, deadline, keepWaiting);
      finish(inFlight);
      inFlight = null;
    }
    if (!pending.isEmpty()) {
      Prepared last = prepare();
      await(last, deadline, keepWaiting);
      finish(last);
    }
    nextNanos = nanoTime.getAsLong() + intervalNanos;
  }

  /** Partitions now someone else's (lost, or revoked and not committed): forget their offsets. */
  public void forget(Collection<TopicPartition> partitions) {
    pending.keySet().removeAll(partitions);
    if (inFlight != null) {
      inFlight.offsets().keySet().removeAll(partitions);
    }
  }

  /** Records whose offsets have been committed. */
  public long committed() {
    return committed.get();
  }

  /** Nothing is committed while a commit waits: say so, with what the telemetry holds. */
  private void warnIfStalled(long now) {
    if (now - inFlight.preparedNanos() > STALL_NANOS && now - stallWarnedNanos > STALL_NANOS) {
      stallWarnedNanos = now;
      long records = inFlight.offsets().values().stream().mapToLong(PartitionProgress::records).sum();
      LOG.warn("no commit for {} s: {} handled records wait for their telemetry to be exported ({})",
          Duration.ofNanos(now - inFlight.preparedNanos()).toSeconds(), records, telemetry.describe());
    }
  }

  private Prepared prepare() {
    Map<TopicPartition, PartitionProgress> offsets = new HashMap<>(pending);
    pending.clear();
    CompletableResultCode telemetryExported = telemetry.exported(telemetry.mark());
    CompletableResultCode metricsAllowed = new CompletableResultCode();
    telemetryExported.whenComplete(() -> {
      if (telemetryExported.isSuccess()) {
        metricsAllowed.succeed();
      } else {
        metricsAllowed.fail();
      }
    });
    CompletableResultCode metricsExported;
    try {
      metricsExported = metrics.export(metricsAllowed);
    } catch (RuntimeException e) {
      LOG.warn("metric export failed: {}", e.toString());
      metricsExported = CompletableResultCode.ofFailure();
    }
    return new Prepared(nanoTime.getAsLong(), offsets, telemetryExported, metricsAllowed, metricsExported);
  }

  private void await(Prepared prepared, long deadlineNanos, BooleanSupplier keepWaiting) {
    CompletableResultCode exports =
        CompletableResultCode.ofAll(List.of(prepared.telemetryExported(), prepared.metricsExported()));
    long left;
    while (!exports.isDone() && keepWaiting.getAsBoolean() && (left = deadlineNanos - nanoTime.getAsLong()) > 0) {
      exports.join(Math.min(left, WAIT_SLICE_NANOS), TimeUnit.NANOSECONDS);
    }
  }

  /** Commits a prepared commit whose telemetry has left; otherwise puts its offsets back. */
  private void finish(Prepared prepared) {
    // Refuse the metrics first, then look: if the telemetry was exported meanwhile, the refusal came
    // too late, the metrics are on their way and the offsets must be committed with them.
    prepared.metricsAllowed().fail();
    if (!prepared.metricsAllowed().isSuccess()) {
      long records = prepared.offsets().values().stream().mapToLong(PartitionProgress::records).sum();
      if (records > 0) {
        LOG.warn("{} records handled but not committed: their telemetry is not exported yet ({}); they will be"
            + " delivered again", records, telemetry.describe());
      }
      // Back in front of what was handled since: a later commit covers them once its mark is exported.
      prepared.offsets().forEach((partition, progress) ->
          pending.merge(partition, progress, (handledSince, earlier) -> earlier.then(handledSince)));
      return;
    }
    if (!prepared.metricsExported().isDone()) {
      LOG.warn("metric export still running after {}; committing anyway", syncTimeout);
    }
    commit(prepared.offsets());
  }

  /** A commit the group refuses only means those records come again. */
  private void commit(Map<TopicPartition, PartitionProgress> offsets) {
    if (offsets.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    long records = 0;
    for (Map.Entry<TopicPartition, PartitionProgress> e : offsets.entrySet()) {
      commit.put(e.getKey(), new OffsetAndMetadata(e.getValue().next()));
      records += e.getValue().records();
    }
    try {
      committer.commit(commit);
      committed.addAndGet(records);
    } catch (CommitFailedException | RebalanceInProgressException | RetriableException e) {
      // Kept for the next commit: a partition that goes quiet is still committed later. If it has
      // gone to another member meanwhile, the rebalance listener forgets it.
      LOG.warn("commit failed, retried with the next one: {}", e.toString());
      offsets.forEach((partition, progress) ->
          pending.merge(partition, progress, (handledSince, earlier) -> earlier.then(handledSince)));
    }
  }
}
