package io.ingestlens.processor;

import io.ingestlens.processor.commit.OffsetCommits;
import io.ingestlens.processor.consume.PollLoop;
import io.ingestlens.processor.handle.RecordHandler;
import io.ingestlens.processor.handle.Workers;
import io.ingestlens.processor.kafka.ClientConfigs;
import io.ingestlens.processor.kafka.ConsumerFactory;
import io.ingestlens.processor.kafka.DeadLetters;
import io.ingestlens.processor.kafka.TopicSetup;
import io.ingestlens.runtime.otel.MetricsCheckpoint;
import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.ingestlens.runtime.otel.backpressure.TelemetryBackpressure;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor: a consumer-group member that turns each ingestion event into metrics, a log
 * record and a span, and sends invalid records to the dead-letter topic.
 *
 * <p>This class owns the lifecycle: construct (validates the configuration, makes the consumer),
 * {@link #start()} (checks the broker, prepares the dead-letter topic, starts the poll thread),
 * {@link #close()} (finishes the batch in hand, commits what was exported, closes the clients). The
 * work is {@link PollLoop}'s (poll, pause while the telemetry catches up), {@link Workers}' (share a
 * batch out by record key) and {@link OffsetCommits}' (commit what was exported).
 */
public final class Processor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Processor.class);
  private static final Duration CLIENT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
  /** How long a commit on revocation or close waits for the exports. */
  static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

  private final ProcessorSettings settings;
  private final OpenTelemetry openTelemetry;
  private final TelemetryBackpressure telemetry;
  private final Consumer<byte[], byte[]> consumer;
  private final int maxPollRecords;
  private final Duration revocationWait;
  private final OffsetCommits commits;
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final CountDownLatch terminated = new CountDownLatch(1);

  private volatile boolean running;
  private volatile Throwable failure;
  private volatile PollLoop loop;
  private boolean started;
  private boolean closed;
  private Thread thread;

  /**
   * A processor for tests with an SDK of their own: commits after each batch, never waits for the
   * telemetry.
   */
  public Processor(ProcessorSettings settings, OpenTelemetry openTelemetry) {
    this(settings, openTelemetry, MetricsCheckpoint.immediate(), TelemetryBackpressure.none(), ConsumerFactory.kafka());
  }

  /** The service's processor: metric checkpoints and telemetry back-pressure from its SDK. */
  public Processor(ProcessorSettings settings, ServiceTelemetry telemetry) {
    this(settings, telemetry.openTelemetry(), telemetry.checkpoint(), telemetry.backpressure(), ConsumerFactory.kafka());
  }

  /**
   * Makes the consumer and checks the producer and admin settings; connects to nothing yet.
   *
   * @param checkpoint the metric export commits wait for; it must export {@code openTelemetry}'s metrics
   * @param telemetry what polls and commits wait for: the export of {@code openTelemetry}'s spans and logs
   * @throws org.apache.kafka.common.KafkaException on an invalid client configuration
   */
  public Processor(
      ProcessorSettings settings,
      OpenTelemetry openTelemetry,
      MetricsCheckpoint checkpoint,
      TelemetryBackpressure telemetry,
      ConsumerFactory consumers) {
    this.settings = settings;
    this.openTelemetry = openTelemetry;
    this.telemetry = telemetry;
    new ProducerConfig(ClientConfigs.deadLetterProducer(settings.producerProperties(), null)); // fails now, not at start()
    new AdminClientConfig(settings.adminProperties());
    Map<String, Object> consumerConfig = ClientConfigs.consumer(settings.consumerProperties(), settings.groupId(), openTelemetry);
    int configured = ClientConfigs.maxPollRecords(consumerConfig);
    int fits = PollLoop.recordsThatFit(telemetry.capacity());
    if (configured > fits) {
      // A poll's spans must fit in the telemetry queue, or the poll loop would wait for room forever.
      LOG.info("max.poll.records lowered from {} to {}, what the telemetry queue holds", configured, fits);
      consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, fits);
    }
    this.maxPollRecords = Math.min(configured, fits);
    // Half the rebalance timeout: the member still rejoins in time after waiting that long.
    this.revocationWait = ClientConfigs.maxPollInterval(consumerConfig).dividedBy(2);
    this.consumer = consumers.create(consumerConfig);
    this.commits = new OffsetCommits(checkpoint, telemetry, this::commitSync, COMMIT_TIMEOUT, System::nanoTime);
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
    try (Admin admin = Admin.create(settings.adminProperties())) {
      topics = TopicSetup.prepare(
          admin, settings.bootstrapServers(), settings.topic(), settings.deadLetterTopic(), settings.startupTimeout());
    } catch (TopicSetup.Failure e) {
      throw new ProcessorStartException(e.getMessage(), e.getCause());
    }
    DeadLetters deadLetters = new DeadLetters(
        new KafkaProducer<>(ClientConfigs.deadLetterProducer(settings.producerProperties(), topics.sourceMaxMessageBytes()),
            new ByteArraySerializer(), new ByteArraySerializer()),
        settings.deadLetterTopic());
    RecordHandler.SharedMetrics metrics = RecordHandler.SharedMetrics.create(settings.topic(), settings.groupId(), openTelemetry);
    List<RecordHandler> handlers = new ArrayList<>(settings.workers());
    for (int i = 0; i < settings.workers(); i++) {
      handlers.add(new RecordHandler(settings.topic(), settings.groupId(), settings.dedupWindow(),
          settings.runLogs() == RunLogs.ALL, openTelemetry, deadLetters, metrics));
    }
    Workers workers = new Workers(handlers);
    loop = new PollLoop(consumer, settings.topic(), workers, deadLetters, commits, telemetry, maxPollRecords, revocationWait);
    running = true;
    thread = new Thread(() -> run(loop, deadLetters, workers, metrics), "ingest-processor-poll");
    thread.start();
    LOG.info("processing {} as group {}, dead letters to {}",
        settings.topic(), settings.groupId(), settings.deadLetterTopic());
  }

  /**
   * Records handled so far: processed, dead-lettered (acknowledged) or recognised as duplicates.
   * When commits follow each batch their offsets are committed by then too; otherwise the commit
   * follows at the next checkpoint ({@link #committedCount()}).
   */
  public long handledCount() {
    PollLoop current = loop;
    return current == null ? 0 : current.handled();
  }

  /** Records whose offsets this processor has committed. */
  public long committedCount() {
    return commits.committed();
  }

  /** How many times polling paused to let the telemetry exporters catch up. */
  public long pauseCount() {
    PollLoop current = loop;
    return current == null ? 0 : current.pauses();
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
   * acknowledgements, commits what has been exported (waiting up to 10 s for it) and closes the
   * clients, within the settings' close timeout (plus a few seconds for the clients).
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

  private void run(PollLoop pollLoop, DeadLetters deadLetters, Workers workers, RecordHandler.SharedMetrics metrics) {
    try {
      pollLoop.run(() -> running, stopSignal);
    } catch (Throwable t) {
      if (running) {
        failure = t;
        LOG.error("processor stopped: {}", t.toString(), t);
      }
    } finally {
      // A batch an error cut short was never noted as handled: it is delivered again.
      closeQuietly(commits::commitNow, "final commit failed, the last records will be delivered again");
      closeQuietly(() -> consumer.close(CLIENT_CLOSE_TIMEOUT), "error while closing the consumer");
      closeQuietly(deadLetters::close, "error while closing the dead-letter producer");
      closeQuietly(workers::close, "error while stopping the workers");
      closeQuietly(metrics::close, "error while closing the metrics");
      terminated.countDown();
    }
  }

  private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
    try {
      consumer.commitSync(offsets);
    } catch (WakeupException e) {
      consumer.commitSync(offsets); // close() woke us: the commit still matters
    }
  }

  private static void closeQuietly(Runnable close, String what) {
    try {
      close.run();
    } catch (RuntimeException e) {
      LOG.warn("{}: {}", what, e.toString());
    }
  }
}
