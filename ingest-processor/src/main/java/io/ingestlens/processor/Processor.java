package io.ingestlens.processor;

import io.ingestlens.processor.handle.RecordHandler;
import io.ingestlens.processor.kafka.DeadLetters;
import io.ingestlens.processor.kafka.TopicSetup;
import io.ingestlens.runtime.otel.MetricsCheckpoint;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.kafkaclients.v2_6.KafkaTelemetry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor: a consumer-group member that turns each ingestion event into metrics, a log
 * record and a span, and sends invalid records to the dead-letter topic.
 *
 * <p>Offsets are committed at checkpoints. Handled records (dead-letter sends acknowledged) pile
 * up; once per {@link MetricsCheckpoint#interval() interval} the processor takes the handled
 * offsets, has the metrics exported ({@link MetricsCheckpoint#export()}, collected on the poll
 * thread, so the export holds exactly those records) and commits the offsets once that export has
 * completed, successfully or not (a failed export is lost either way, and counted by the SDK). The
 * poll loop never waits for an export: it checks on it after each poll. On partition revocation
 * and on close, a checkpoint is taken synchronously (the export waited for up to 10 s), then
 * everything handled is committed.
 *
 * <p>What this guarantees, with the service's checkpointed SDK:
 *
 * <ul>
 *   <li>A counter ({@code ingestion.runs}, {@code ingestion.events.processed}...) counts each event
 *       exactly once across a crash (kill -9) and restart: what an export counted is committed,
 *       what was handled after it is not, so the next owner handles and counts it again. Unless the
 *       process dies in the milliseconds between an export completing and the commit that follows:
 *       then the events since the previous checkpoint are delivered again and count twice. (A
 *       member that loses its partitions without an orderly hand-over, a process stalled until the
 *       group evicts it, has the same effect on the events since its last commit.)
 *   <li>Spans and log records leave as they are made, so they are at least once: a redelivered
 *       event's span and log record may appear twice, recognisable by {@code ingestion.event_id}.
 *   <li>Within one process, an event delivered twice is recognised (de-duplication window) and
 *       counted once, as {@code ingestion.events.duplicates} the second time.
 * </ul>
 *
 * <p>With {@link MetricsCheckpoint#immediate()} (the two-argument constructor) the commit follows
 * each poll batch, and metrics go out on the SDK's own schedule: at least once, as before
 * checkpoints existed.
 *
 * <p>Each poll's records are handled by {@link ProcessorSettings#workers()} threads, the poll
 * thread among them, a record key always by the same worker (its de-duplication window sees every
 * redelivery, the key's runs stay in order). The batch is finished before the next poll, so
 * checkpoints, commits and rebalances only happen while the poll thread alone runs, as with one
 * worker.
 *
 * <p>Lifecycle: construct (validates the configuration), {@link #start()} (checks the broker,
 * prepares the dead-letter topic, starts the poll thread), {@link #close()} (finishes the batch in
 * hand, takes a last checkpoint, closes the clients).
 */
public final class Processor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Processor.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
  private static final Duration CLIENT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
  private static final long DEAD_LETTER_RETRY_MILLIS = 1_000;
  /** How long a synchronous checkpoint (revocation, close) waits for the metric export. */
  static final Duration CHECKPOINT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_POLL_RECORDS = 2_000;
  /**
   * Under G1's humongous threshold (half a region; regions are 1 MiB on heaps under 4 GiB): the
   * client's 1 MiB default makes every fetch buffer a humongous object, allocated in the old
   * generation, and those start most of the processor's concurrent GC cycles.
   */
  public static final int DEFAULT_MAX_PARTITION_FETCH_BYTES = 128 * 1024;

  private final ProcessorSettings settings;
  private final OpenTelemetry openTelemetry;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Object> producerConfig;
  private final MetricsCheckpoint checkpoint;
  private final long checkpointIntervalNanos;
  /** Handled (dead letters acknowledged), in no checkpoint yet; poll thread only. */
  private final Map<TopicPartition, Progress> pending = new HashMap<>();
  private final AtomicLong handled = new AtomicLong();
  private final AtomicLong committed = new AtomicLong();
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final CountDownLatch terminated = new CountDownLatch(1);

  private volatile boolean running;
  private volatile Throwable failure;
  private boolean started;
  private boolean closed;
  private Thread thread;
  private DeadLetters deadLetters;
  private RecordHandler.SharedMetrics metrics;
  /** Worker i handles the records {@link #workerOf} gives it; 0 is the poll thread. */
  private RecordHandler[] handlers;
  private ExecutorService workerPool;
  private Checkpoint inFlight;
  private long nextCheckpointNanos;

  /**
   * A processor that commits after each batch ({@link MetricsCheckpoint#immediate()}); see
   * {@link #Processor(ProcessorSettings, OpenTelemetry, MetricsCheckpoint)}.
   */
  public Processor(ProcessorSettings settings, OpenTelemetry openTelemetry) {
    this(settings, openTelemetry, MetricsCheckpoint.immediate());
  }

  /**
   * Builds the consumer and checks the producer and admin settings; connects to nothing yet.
   *
   * @param checkpoint the metric export offsets are committed after, e.g. the service's
   *     {@code ServiceTelemetry.checkpoint()}; it must export the metrics of {@code openTelemetry}
   * @throws org.apache.kafka.common.KafkaException on an invalid client configuration
   */
  public Processor(ProcessorSettings settings, OpenTelemetry openTelemetry, MetricsCheckpoint checkpoint) {
    this.settings = settings;
    this.openTelemetry = openTelemetry;
    this.checkpoint = checkpoint;
    this.checkpointIntervalNanos = Math.max(0, checkpoint.interval().toNanos());
    this.producerConfig = producerConfig(settings);
    new ProducerConfig(producerConfig); // fails now, not at start(), on a bad setting
    new AdminClientConfig(settings.adminProperties());
    this.consumer =
        new KafkaConsumer<>(consumerConfig(settings, openTelemetry), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Checks that the broker answers (within the settings' start-up timeout), creates the
   * dead-letter topic if missing, then starts polling on a thread of its own.
   *
   * @throws ProcessorStartException when the broker is unreachable or the dead-letter topic
   *     cannot be prepared
   */
  public synchronized void start() {
    if (started || closed) {
      throw new IllegalStateException(closed ? "processor is closed" : "processor already started");
    }
    started = true;
    TopicSetup.Topics topics;
    Admin admin = Admin.create(settings.adminProperties());
    try {
      topics = TopicSetup.prepare(admin, settings);
    } finally {
      admin.close(Duration.ofSeconds(1));
    }
    Map<String, Object> dlqConfig = new HashMap<>(producerConfig);
    if (topics.sourceMaxMessageBytes() != null && !settings.producerProperties().containsKey(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)) {
      // Whatever the source topic accepted must fit in one dead-letter request (plus headers).
      int needed = topics.sourceMaxMessageBytes() + 64 * 1024;
      dlqConfig.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(needed, 1024 * 1024));
    }
    deadLetters =
        new DeadLetters(new KafkaProducer<>(dlqConfig, new ByteArraySerializer(), new ByteArraySerializer()),
            settings.deadLetterTopic());
    metrics = RecordHandler.SharedMetrics.create(settings, openTelemetry);
    handlers = new RecordHandler[settings.workers()];
    for (int i = 0; i < handlers.length; i++) {
      handlers[i] = new RecordHandler(settings, openTelemetry, deadLetters, metrics);
    }
    if (handlers.length > 1) {
      AtomicInteger made = new AtomicInteger();
      workerPool = Executors.newFixedThreadPool(handlers.length - 1, task -> {
        Thread worker = new Thread(task, "ingest-processor-worker-" + made.incrementAndGet());
        worker.setDaemon(true); // never keeps the JVM up; the poll loop shuts the pool down anyway
        return worker;
      });
    }
    running = true;
    thread = new Thread(this::pollLoop, "ingest-processor-poll");
    thread.start();
    LOG.info("processing {} as group {}, dead letters to {}",
        settings.topic(), settings.groupId(), settings.deadLetterTopic());
  }

  /**
   * Records handled so far: processed, dead-lettered (acknowledged) or recognised as duplicates.
   * With the immediate checkpoint their offsets are committed by then too; otherwise the commit
   * follows at the next checkpoint ({@link #committedCount()}).
   */
  public long handledCount() {
    return handled.get();
  }

  /** Records whose offsets this processor has committed. */
  public long committedCount() {
    return committed.get();
  }

  /**
   * Blocks until the poll loop has ended (after {@link #close()} or an unrecoverable error).
   *
   * @return the error that ended it, if any
   */
  public Optional<Throwable> awaitTermination() throws InterruptedException {
    terminated.await();
    return Optional.ofNullable(failure);
  }

  /**
   * Finishes the batch in hand (at most {@code max.poll.records}) and its dead-letter
   * acknowledgements, takes a last checkpoint (metrics exported, then the offsets of what was
   * handled committed) and closes the clients, within the settings' close timeout (plus a few
   * seconds for the clients).
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    running = false;
    stopSignal.countDown();
    if (thread == null) {
      consumer.close(CLIENT_CLOSE_TIMEOUT);
      return;
    }
    consumer.wakeup();
    try {
      if (!terminated.await(settings.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("poll loop still busy after {}; interrupting it", settings.closeTimeout());
        thread.interrupt();
        terminated.await(CLIENT_CLOSE_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void pollLoop() {
    try {
      consumer.subscribe(List.of(settings.topic()), new CheckpointOnRevoke());
      nextCheckpointNanos = System.nanoTime() + checkpointIntervalNanos;
      while (running) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = consumer.poll(POLL_TIMEOUT);
        } catch (WakeupException e) {
          continue; // close() woke us: the loop condition decides
        }
        long count = records.isEmpty() ? 0 : handleBatch(records);
        advanceCheckpoint();
        handled.addAndGet(count); // after the commit when the checkpoint is immediate
      }
    } catch (Throwable t) {
      if (running) {
        failure = t;
        LOG.error("processor stopped: {}", t.toString(), t);
      }
    } finally {
      finalCheckpoint();
      closeQuietly(() -> consumer.close(CLIENT_CLOSE_TIMEOUT));
      if (deadLetters != null) {
        closeQuietly(deadLetters::close);
      }
      if (workerPool != null) {
        workerPool.shutdownNow();
      }
      if (metrics != null) {
        closeQuietly(metrics::close);
      }
      terminated.countDown();
    }
  }

  /**
   * Handles a batch; returns how many records were handled (0 when it must be read again). The
   * records are shared out by key ({@link #workerOf}), the poll thread being worker 0, and the
   * whole batch is handled before the next poll, even on close: checkpoints, commits and
   * rebalances only ever happen between batches, and what is committed is exactly what was handled.
   */
  private long handleBatch(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
    List<List<ConsumerRecord<byte[], byte[]>>> shares = new ArrayList<>(handlers.length);
    for (int i = 0; i < handlers.length; i++) {
      shares.add(new ArrayList<>(records.count() / handlers.length + 16));
    }
    for (ConsumerRecord<byte[], byte[]> record : records) { // partition by partition, in offset order
      shares.get(workerOf(record, handlers.length)).add(record);
    }
    List<Future<?>> others = new ArrayList<>();
    for (int i = 1; i < handlers.length; i++) {
      List<ConsumerRecord<byte[], byte[]>> share = shares.get(i);
      RecordHandler handler = handlers[i];
      if (!share.isEmpty()) {
        others.add(workerPool.submit(() -> handleAll(share, handler)));
      }
    }
    Throwable failed = null;
    try {
      handleAll(shares.get(0), handlers[0]);
    } catch (RuntimeException | Error e) {
      failed = e;
    }
    for (Future<?> other : others) {
      try {
        other.get(); // waits for every worker, even after a failure
      } catch (ExecutionException e) {
        failed = failed == null ? e.getCause() : failed;
      }
    }
    if (failed instanceof RuntimeException e) {
      throw e;
    } else if (failed instanceof Error e) {
      throw e;
    } else if (failed != null) {
      throw new IllegalStateException(failed);
    }
    if (!deadLetters.awaitAcks()) {
      // Nothing of this batch is committed: read it again after a pause. Valid events come back as
      // duplicates (already counted), refused ones are dead-lettered again.
      for (TopicPartition partition : records.partitions()) {
        consumer.seek(partition, records.records(partition).get(0).offset());
      }
      stopSignal.await(DEAD_LETTER_RETRY_MILLIS, TimeUnit.MILLISECONDS);
      return 0;
    }
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> handledHere = records.records(partition);
      long next = handledHere.get(handledHere.size() - 1).offset() + 1;
      pending.merge(partition, new Progress(next, handledHere.size()), Progress::then);
    }
    return records.count();
  }

  /**
   * The worker of a record: by its key, so one key's records (one source's, or one source and
   * object's) are handled in order by one worker, whose de-duplication window sees every
   * redelivery of them. Not by partition: a few keys often fill one partition, and partitions
   * rarely divide evenly among the workers. A record without a key goes by its partition. The
   * key's hash is spread (Fibonacci hashing) so the choice does not follow the partitioner's.
   */
  static int workerOf(ConsumerRecord<byte[], byte[]> record, int workers) {
    byte[] key = record.key();
    int hash = key == null ? record.partition() : Arrays.hashCode(key);
    return (int) ((Integer.toUnsignedLong(hash * 0x9E3779B9) * workers) >>> 32);
  }

  /** One worker's share of a batch, in order. */
  private static void handleAll(List<ConsumerRecord<byte[], byte[]>> share, RecordHandler handler) {
    for (ConsumerRecord<byte[], byte[]> record : share) {
      handler.handle(record);
    }
  }

  /**
   * Commits the checkpoint in flight once its export is done, and starts the next one when the
   * interval has passed. Never waits: called after every poll, so the poll timeout bounds how late
   * a commit is noticed.
   */
  private void advanceCheckpoint() {
    if (inFlight != null) {
      if (!inFlight.exported().isDone()) {
        return;
      }
      commit(inFlight);
      inFlight = null;
    }
    long now = System.nanoTime();
    if (now - nextCheckpointNanos < 0) {
      return;
    }
    nextCheckpointNanos = now + checkpointIntervalNanos;
    Checkpoint started = startCheckpoint();
    if (started.exported().isDone()) {
      commit(started); // the immediate checkpoint: commit per batch
    } else {
      inFlight = started;
    }
  }

  /** Takes the pending offsets and exports the metrics, which count exactly those records. */
  private Checkpoint startCheckpoint() {
    Map<TopicPartition, Progress> offsets = pending.isEmpty() ? Map.of() : new HashMap<>(pending);
    pending.clear();
    CompletableResultCode exported;
    try {
      exported = checkpoint.export();
    } catch (RuntimeException e) {
      LOG.warn("metric export failed: {}", e.toString());
      exported = CompletableResultCode.ofFailure();
    }
    return new Checkpoint(offsets, exported);
  }

  /**
   * A checkpoint now, waiting for its export (revocation, close): finishes the one in flight, then
   * exports and commits everything handled since.
   */
  private void checkpointNow() {
    long deadline = System.nanoTime() + CHECKPOINT_TIMEOUT.toNanos();
    if (inFlight != null) {
      awaitExport(inFlight, deadline);
      commit(inFlight);
      inFlight = null;
    }
    if (!pending.isEmpty()) {
      Checkpoint last = startCheckpoint();
      awaitExport(last, deadline);
      commit(last);
    }
    nextCheckpointNanos = System.nanoTime() + checkpointIntervalNanos;
  }

  private static void awaitExport(Checkpoint checkpoint, long deadlineNanos) {
    long left = Math.max(0, deadlineNanos - System.nanoTime());
    if (!checkpoint.exported().join(left, TimeUnit.NANOSECONDS).isDone()) {
      LOG.warn("metric export still running after {}; committing anyway", CHECKPOINT_TIMEOUT);
    }
  }

  /**
   * On the way out (close, or an error): a last checkpoint of every batch handled in full. A batch
   * an error cut short is not committed, its records are delivered again, as after a crash.
   */
  private void finalCheckpoint() {
    try {
      checkpointNow();
    } catch (RuntimeException e) {
      LOG.warn("final commit failed, the last records will be delivered again: {}", e.toString());
    } finally {
      pending.clear();
    }
  }

  /** Commits a checkpoint's offsets; a commit the group refuses only means those records come again. */
  private void commit(Checkpoint done) {
    if (done.offsets().isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    long records = 0;
    for (Map.Entry<TopicPartition, Progress> e : done.offsets().entrySet()) {
      offsets.put(e.getKey(), new OffsetAndMetadata(e.getValue().next()));
      records += e.getValue().records();
    }
    try {
      try {
        consumer.commitSync(offsets);
      } catch (WakeupException e) {
        consumer.commitSync(offsets); // close() woke us: the commit still matters
      }
      committed.addAndGet(records);
    } catch (CommitFailedException | RetriableException e) {
      LOG.warn("commit failed, those records will be delivered again: {}", e.toString());
    }
  }

  private static Map<String, Object> consumerConfig(ProcessorSettings settings, OpenTelemetry openTelemetry) {
    Map<String, Object> config = new HashMap<>(settings.consumerProperties());
    config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Fewer, larger batches: one commit per batch, so a commit costs 4 times less per record.
    config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, DEFAULT_MAX_POLL_RECORDS);
    config.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, DEFAULT_MAX_PARTITION_FETCH_BYTES);
    Object autoCommit = config.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);
    if (autoCommit != null && Boolean.parseBoolean(autoCommit.toString())) {
      LOG.warn("ignoring enable.auto.commit=true: offsets are committed after handling (at-least-once)");
    }
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    // The instrumentation's metrics bridge only: kafka.consumer.* metrics (records_lag_max...).
    // Spans are made by RecordHandler, parented on the producer's context.
    config.putAll(KafkaTelemetry.create(openTelemetry).metricConfigProperties());
    return config;
  }

  private static Map<String, Object> producerConfig(ProcessorSettings settings) {
    Map<String, Object> config = new HashMap<>(settings.producerProperties());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return config;
  }

  private static void closeQuietly(Runnable close) {
    try {
      close.run();
    } catch (RuntimeException e) {
      LOG.warn("error while closing: {}", e.toString());
    }
  }

  /** Where a partition stands: the next offset to read, and how many records got there. */
  private record Progress(long next, long records) {
    Progress then(Progress later) {
      return new Progress(later.next, records + later.records);
    }
  }

  /** Offsets taken at a checkpoint, committed once its export is done. */
  private record Checkpoint(Map<TopicPartition, Progress> offsets, CompletableResultCode exported) {}

  /** Takes a checkpoint before partitions go to another member, so it starts where we stopped. */
  private final class CheckpointOnRevoke implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      checkpointNow();
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      LOG.info("assigned {}", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      // Already someone else's: committing would fail.
      pending.keySet().removeAll(partitions);
      if (inFlight != null && !inFlight.offsets().isEmpty()) {
        Map<TopicPartition, Progress> kept = new HashMap<>(inFlight.offsets());
        kept.keySet().removeAll(partitions);
        inFlight = new Checkpoint(kept, inFlight.exported());
      }
    }
  }
}
