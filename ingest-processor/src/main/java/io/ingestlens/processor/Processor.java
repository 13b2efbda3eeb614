package io.ingestlens.processor;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.kafkaclients.v2_6.KafkaTelemetry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * <p>At-least-once: auto-commit is off; offsets are committed (synchronously) after each poll batch
 * is fully handled, dead-letter sends acknowledged included, and on partition revocation and close.
 * A crash before the commit means redelivery, which the de-duplication window absorbs.
 *
 * <p>Lifecycle: construct (validates the configuration), {@link #start()} (checks the broker,
 * prepares the dead-letter topic, starts the poll thread), {@link #close()} (stops after the record
 * in flight, commits what was handled, closes the clients).
 */
public final class Processor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Processor.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
  private static final Duration CLIENT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
  private static final long DEAD_LETTER_RETRY_MILLIS = 1_000;
  static final int DEFAULT_MAX_POLL_RECORDS = 2_000;

  private final ProcessorSettings settings;
  private final OpenTelemetry openTelemetry;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Object> producerConfig;
  private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
  private final AtomicLong handled = new AtomicLong();
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final CountDownLatch terminated = new CountDownLatch(1);

  private volatile boolean running;
  private volatile Throwable failure;
  private boolean started;
  private boolean closed;
  private Thread thread;
  private DeadLetters deadLetters;
  private RecordHandler handler;

  /**
   * Builds the consumer and checks the producer and admin settings; connects to nothing yet.
   *
   * @throws org.apache.kafka.common.KafkaException on an invalid client configuration
   */
  public Processor(ProcessorSettings settings, OpenTelemetry openTelemetry) {
    this.settings = settings;
    this.openTelemetry = openTelemetry;
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
    handler = new RecordHandler(settings, openTelemetry, deadLetters);
    running = true;
    thread = new Thread(this::pollLoop, "ingest-processor-poll");
    thread.start();
    LOG.info("processing {} as group {}, dead letters to {}",
        settings.topic(), settings.groupId(), settings.deadLetterTopic());
  }

  /** Records handled so far: processed, dead-lettered or recognised as duplicates, then committed. */
  public long handledCount() {
    return handled.get();
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
   * Stops after the record in flight, waits for its dead-letter acknowledgements, commits the
   * offsets of what was handled and closes the clients, within the settings' close timeout (plus a
   * few seconds for the clients). Records polled but not handled are left to the next owner.
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
      consumer.subscribe(List.of(settings.topic()), new CommitOnRevoke());
      while (running) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = consumer.poll(POLL_TIMEOUT);
        } catch (WakeupException e) {
          continue; // close() woke us: the loop condition decides
        }
        if (!records.isEmpty()) {
          handleBatch(records);
        }
      }
    } catch (Throwable t) {
      if (running) {
        failure = t;
        LOG.error("processor stopped: {}", t.toString(), t);
      }
    } finally {
      finalCommit();
      closeQuietly(() -> consumer.close(CLIENT_CLOSE_TIMEOUT));
      if (deadLetters != null) {
        closeQuietly(deadLetters::close);
      }
      if (handler != null) {
        closeQuietly(handler::close);
      }
      terminated.countDown();
    }
  }

  private void handleBatch(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
    long count = 0;
    boolean stopping = false;
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> list = records.records(partition);
      long next = -1;
      for (ConsumerRecord<byte[], byte[]> record : list) {
        if (!running) {
          stopping = true;
          break;
        }
        handler.handle(record);
        next = record.offset() + 1;
        count++;
      }
      if (next >= 0) {
        pending.put(partition, new OffsetAndMetadata(next));
      }
      if (stopping) {
        break;
      }
    }
    if (!deadLetters.awaitAcks()) {
      // Nothing of this batch is committed: read it again after a pause. Valid events come back as
      // duplicates (already counted), refused ones are dead-lettered again.
      for (TopicPartition partition : records.partitions()) {
        consumer.seek(partition, records.records(partition).get(0).offset());
      }
      pending.clear();
      stopSignal.await(DEAD_LETTER_RETRY_MILLIS, TimeUnit.MILLISECONDS);
      return;
    }
    commit();
    handled.addAndGet(count);
  }

  /**
   * On the way out (close, or an error part-way through a batch): commits what was handled, but
   * only once its dead letters are acknowledged; otherwise those records are delivered again.
   */
  private void finalCommit() {
    try {
      if (deadLetters == null || deadLetters.awaitAcks()) {
        commit();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("final commit failed, the last records will be delivered again: {}", e.toString());
    } finally {
      pending.clear();
    }
  }

  /** Commits what was handled; a commit the group refuses only means those records come again. */
  private void commit() {
    if (pending.isEmpty()) {
      return;
    }
    try {
      try {
        consumer.commitSync(pending);
      } catch (WakeupException e) {
        consumer.commitSync(pending); // close() woke us: the commit still matters
      }
    } catch (CommitFailedException | RetriableException e) {
      LOG.warn("commit failed, those records will be delivered again: {}", e.toString());
    } finally {
      pending.clear();
    }
  }

  private static Map<String, Object> consumerConfig(ProcessorSettings settings, OpenTelemetry openTelemetry) {
    Map<String, Object> config = new HashMap<>(settings.consumerProperties());
    config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Fewer, larger batches: one commit per batch, so a commit costs 4 times less per record.
    config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, DEFAULT_MAX_POLL_RECORDS);
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

  /** Commits handled offsets of partitions taken away, before another member reads them. */
  private final class CommitOnRevoke implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      commit();
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      LOG.info("assigned {}", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      pending.keySet().removeAll(partitions); // already someone else's: committing would fail
    }
  }
}
