package io.ingestlens.processor.consume;

import io.ingestlens.processor.commit.OffsetCommits;
import io.ingestlens.processor.handle.Workers;
import io.ingestlens.processor.kafka.DeadLetters;
import io.ingestlens.runtime.otel.backpressure.TelemetryBackpressure;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's loop: poll, have the workers handle the batch, note what was handled, let
 * {@link OffsetCommits} commit. Before each poll it asks the telemetry for room for a whole batch;
 * without room it pauses every assigned partition (staying in the group: it keeps polling, which
 * returns nothing) until the exporters have caught up, so under load the records wait in Kafka,
 * as lag, and no span or log record is dropped.
 *
 * <p>Runs on one thread; {@link #run} returns when {@code running} turns false (a blocking poll is
 * ended by {@link Consumer#wakeup()}) or throws on an unrecoverable error.
 */
public final class PollLoop {

  private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);
  static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
  private static final long DEAD_LETTER_RETRY_MILLIS = 1_000;
  private static final int OPERATIONAL_LOG_ROOM = 64;

  private final Consumer<byte[], byte[]> consumer;
  private final String topic;
  private final Workers workers;
  private final DeadLetters deadLetters;
  private final OffsetCommits commits;
  private final TelemetryBackpressure telemetry;
  private final int batchItems;
  private final Duration revocationWait;
  private final AtomicLong handled = new AtomicLong();
  private final AtomicLong pauses = new AtomicLong();
  private boolean paused;
  private BooleanSupplier running = () -> true;

  /**
   * @param maxPollRecords the most records one poll returns: each makes at most one span and one
   *     log record, so that is the room a poll needs
   * @param revocationWait how long a revocation waits for the telemetry of what was handled, so that
   *     it can be committed before the partitions go (within the group's rebalance timeout)
   */
  public PollLoop(
      Consumer<byte[], byte[]> consumer,
      String topic,
      Workers workers,
      DeadLetters deadLetters,
      OffsetCommits commits,
      TelemetryBackpressure telemetry,
      int maxPollRecords,
      Duration revocationWait) {
    this.consumer = consumer;
    this.topic = topic;
    this.workers = workers;
    this.deadLetters = deadLetters;
    this.commits = commits;
    this.telemetry = telemetry;
    this.batchItems = maxPollRecords + operationalRoom(maxPollRecords);
    this.revocationWait = revocationWait;
  }

  /**
   * Polls until {@code running} is false.
   *
   * @param stopSignal counted down on close: ends the pause before a dead-letter retry early
   */
  public void run(BooleanSupplier running, CountDownLatch stopSignal) throws InterruptedException {
    this.running = running;
    consumer.subscribe(List.of(topic), new CommitOnRevoke());
    while (running.getAsBoolean()) {
      Duration timeout = roomForABatch() ? POLL_TIMEOUT : Duration.ZERO;
      ConsumerRecords<byte[], byte[]> records;
      try {
        records = consumer.poll(timeout);
      } catch (WakeupException e) {
        continue; // close() woke us: the loop condition decides
      }
      long count = records.isEmpty() ? 0 : handle(records, stopSignal);
      commits.advance();
      handled.addAndGet(count); // after the commit when commits follow each batch
    }
  }

  /** Records handled so far: processed, dead-lettered (acknowledged) or recognised as duplicates. */
  public long handled() {
    return handled.get();
  }

  /**
   * Room kept beside a batch's spans and run events for the processor's own log lines (a failed
   * dead-letter send, a rebalance, a commit refused): they are not counted when made, so they must
   * always fit. At most a quarter of {@code items}, for the small queues of tests.
   */
  private static int operationalRoom(int items) {
    return Math.min(OPERATIONAL_LOG_ROOM, Math.max(1, items / 4));
  }

  /** The most records a poll may return for its telemetry, with room to spare, to fit a queue. */
  public static int recordsThatFit(int queueCapacity) {
    if (queueCapacity == Integer.MAX_VALUE) {
      return queueCapacity; // nothing to wait for
    }
    return Math.max(1, queueCapacity - operationalRoom(queueCapacity));
  }

  /** How many times the loop paused for the telemetry. */
  public long pauses() {
    return pauses.get();
  }

  /**
   * True when the telemetry has room for a whole batch (resuming if paused); otherwise pauses the
   * partitions and waits a little for room, so the next poll only keeps the group membership.
   */
  private boolean roomForABatch() throws InterruptedException {
    if (!telemetry.hasRoomFor(batchItems)
        && !telemetry.awaitRoomFor(batchItems, paused ? POLL_TIMEOUT : Duration.ZERO, "processing paused")) {
      if (!paused) {
        paused = true;
        pauses.incrementAndGet();
        consumer.pause(consumer.assignment());
        LOG.debug("paused: {}", telemetry.describe());
      }
      return false;
    }
    if (paused) {
      paused = false;
      consumer.resume(consumer.paused());
      LOG.debug("resumed: {}", telemetry.describe());
    }
    return true;
  }

  /**
   * Handles a batch; returns how many records were handled (0 when it must be read again: a
   * dead-letter send was not acknowledged, so nothing of it may be committed).
   */
  private long handle(ConsumerRecords<byte[], byte[]> records, CountDownLatch stopSignal) throws InterruptedException {
    workers.handle(records);
    if (!deadLetters.awaitAcks()) {
      // Read it again after a pause. Valid events come back as duplicates (already counted), refused
      // ones are dead-lettered again.
      for (TopicPartition partition : records.partitions()) {
        consumer.seek(partition, records.records(partition).get(0).offset());
      }
      stopSignal.await(DEAD_LETTER_RETRY_MILLIS, TimeUnit.MILLISECONDS);
      return 0;
    }
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> handledHere = records.records(partition);
      commits.handled(partition, handledHere.get(handledHere.size() - 1).offset() + 1, handledHere.size());
    }
    return records.count();
  }

  /** Commits before partitions go to another member, so it starts where this one stopped. */
  private final class CommitOnRevoke implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // Closing: the processor has just committed what it could; do not wait a second time.
      if (running.getAsBoolean()) {
        // Long, not the close's 10 s: what is not committed here is counted again by the next owner
        // once this process's counters are sent (they are cumulative).
        commits.commitNow(revocationWait, running);
      }
      commits.forget(partitions); // what could not be committed is the next owner's to handle
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      LOG.info("assigned {}", partitions);
      if (paused) {
        consumer.pause(partitions); // waiting for the telemetry still: new partitions wait too
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      commits.forget(partitions); // already someone else's: committing would fail
    }
  }
}
