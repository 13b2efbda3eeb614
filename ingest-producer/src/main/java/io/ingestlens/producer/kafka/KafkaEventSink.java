package io.ingestlens.producer.kafka;

import io.ingestlens.event.EventJson;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.event.RecordKey;
import io.ingestlens.producer.publish.EventSink;
import io.ingestlens.producer.telemetry.ProducerTelemetry;
import io.ingestlens.runtime.kafka.TopicPreparer;
import io.ingestlens.runtime.kafka.TopicPreparer.PreparedTopic;
import io.ingestlens.runtime.otel.backpressure.TelemetryBackpressure;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.kafkaclients.v2_6.KafkaTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events to Kafka, keyed by source and object ({@link RecordKey}) so that the runs of
 * each stay in order. Each event gets its {@code ingestion.run} span, current while the
 * instrumented producer sends, so the publish span is its child and {@code traceparent} travels in
 * the record headers. Before each event it waits, if need be, until the telemetry has room for
 * those two spans ({@link TelemetryBackpressure}): publishing slows to what the exporters take
 * rather than the SDK dropping spans.
 */
public final class KafkaEventSink implements EventSink {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaEventSink.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  /** The run span and the publish span. */
  private static final int SPANS_PER_EVENT = 2;
  private static final Duration ROOM_WAIT = Duration.ofSeconds(1);

  private final Producer<String, byte[]> producer;
  private final OpenTelemetry openTelemetry;
  private final TelemetryBackpressure backpressure;
  private final ProducerTelemetry telemetry;
  private final KafkaTarget target;
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  KafkaEventSink(
      Producer<String, byte[]> producer,
      OpenTelemetry openTelemetry,
      TelemetryBackpressure backpressure,
      ProducerTelemetry telemetry,
      KafkaTarget target) {
    this.producer = producer;
    this.openTelemetry = openTelemetry;
    this.backpressure = backpressure;
    this.telemetry = telemetry;
    this.target = target;
  }

  /**
   * Prepares the topic, then opens an instrumented producer whose client metrics flow through the
   * OpenTelemetry metrics bridge ({@code kafka.producer.*}).
   *
   * @throws KafkaUnavailableException when Kafka cannot be reached within the connect timeout
   * @throws IllegalArgumentException when a client setting is invalid
   */
  public static KafkaEventSink open(
      KafkaTarget target, OpenTelemetry openTelemetry, TelemetryBackpressure backpressure, ProducerTelemetry telemetry)
      throws InterruptedException {
    prepareTopic(target);
    return connect(target, openTelemetry, backpressure, telemetry);
  }

  /**
   * Opens the instrumented producer on a topic {@link #prepareTopic prepared} already.
   *
   * @throws KafkaUnavailableException when the client cannot be set up against Kafka
   * @throws IllegalArgumentException when a client setting is invalid
   */
  public static KafkaEventSink connect(
      KafkaTarget target, OpenTelemetry openTelemetry, TelemetryBackpressure backpressure, ProducerTelemetry telemetry) {
    KafkaTelemetry kafkaTelemetry = KafkaTelemetry.create(openTelemetry);
    Map<String, Object> config = target.producerConfig();
    config.putAll(kafkaTelemetry.metricConfigProperties());
    KafkaProducer<String, byte[]> producer;
    try {
      producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    } catch (ConfigException e) {
      throw new IllegalArgumentException("invalid Kafka setting: " + e.getMessage(), e);
    } catch (KafkaException e) {
      throw KafkaUnavailableException.at(target, e);
    }
    return new KafkaEventSink(kafkaTelemetry.wrap(producer), openTelemetry, backpressure, telemetry, target);
  }

  /**
   * Creates the topic if missing and waits for its leaders ({@link TopicPreparer}), all within the
   * connect timeout: the check that Kafka answers at all.
   *
   * @throws KafkaUnavailableException when Kafka cannot be reached within the connect timeout
   */
  public static void prepareTopic(KafkaTarget target) throws InterruptedException {
    Admin admin;
    try {
      admin = Admin.create(target.adminConfig());
    } catch (KafkaException e) {
      throw KafkaUnavailableException.at(target, e);
    }
    try {
      PreparedTopic prepared = TopicPreparer.prepare(
          admin, new NewTopic(target.topic(), Optional.of(target.partitions()), Optional.empty()), target.connectTimeout());
      if (prepared.created()) {
        LOG.info("created topic {} with {} partitions", target.topic(), prepared.partitions());
      }
    } catch (ExecutionException e) {
      throw KafkaUnavailableException.at(target, e.getCause());
    } finally {
      admin.close(Duration.ZERO); // pending calls are abandoned: we already have our answer
    }
  }

  @Override
  public void publish(IngestionEvent event) throws InterruptedException {
    while (!backpressure.awaitRoomFor(SPANS_PER_EVENT, ROOM_WAIT, "publishing paused")) {
      // Waits as long as the exporters need (a collector away included); an interrupt stops it.
    }
    String source = event.ingested().source();
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(target.topic(), RecordKey.of(event), EventJson.toBytes(event));
    Span span = telemetry.startRun(event);
    try (Scope ignored = span.makeCurrent()) {
      producer.send(record, (metadata, error) -> completed(source, error));
    } catch (InterruptException e) {
      Thread.interrupted(); // Kafka re-set the flag; the caller gets the checked exception
      throw new InterruptedException("interrupted while sending");
    } catch (KafkaException e) {
      failed.incrementAndGet();
      throw KafkaUnavailableException.at(target, e);
    } finally {
      // The run ended in the past: the span gets the run's own end, not the publish time.
      ProducerTelemetry.endRun(span, event);
    }
  }

  private void completed(String source, Exception error) {
    if (error == null) {
      acknowledged.incrementAndGet();
      telemetry.published(source);
    } else if (failed.incrementAndGet() == 1) {
      LOG.warn("the broker did not acknowledge an event of {}: {}", source, error.toString());
    }
  }

  @Override
  public void flush() throws InterruptedException {
    try {
      producer.flush();
    } catch (InterruptException e) {
      Thread.interrupted();
      throw new InterruptedException("interrupted while flushing");
    }
  }

  @Override
  public long delivered() {
    return acknowledged.get();
  }

  @Override
  public long failed() {
    return failed.get();
  }

  @Override
  public String verb() {
    return "published";
  }

  @Override
  public void close() {
    // The client's kafka.producer.* gauges vanish with the producer: export them once more first,
    // or a replay shorter than the export interval would never show its send rate.
    if (openTelemetry instanceof OpenTelemetrySdk sdk) {
      sdk.getSdkMeterProvider().forceFlush().join(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
    producer.close(CLOSE_TIMEOUT);
  }
}
