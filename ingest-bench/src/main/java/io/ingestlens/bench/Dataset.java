package io.ingestlens.bench;

import io.ingestlens.producer.legacy.LegacyWriter;

import io.ingestlens.event.EventJson;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.event.RecordKey;
import io.ingestlens.producer.generate.EventGenerator;
import io.ingestlens.producer.generate.GeneratorKnobs;
import io.ingestlens.producer.generate.GeneratorProfile;
import io.ingestlens.producer.kafka.KafkaTarget;
import io.ingestlens.producer.legacy.LegacyFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The benchmark's events: the producer's own generator, with the sample's sources, objects, run
 * lengths and error messages, and a few per cent FAILED. Each event is serialised once by the
 * event model and published, keyed as the producer keys it ({@link RecordKey}), with the
 * producer's client settings, to two topics that differ only in the {@code traceparent} sampled
 * flag (see {@link TraceHeaders}).
 */
final class Dataset {

  /** Share of FAILED runs ("a few per cent"). */
  static final double FAILURE_RATE = 0.03;
  /** The high-rate profile's trace ratio ({@code otel.traces.sampler.arg}). */
  static final double TRACE_RATIO = 0.1;
  static final long SEED = 20_261_123L;

  /**
   * @param events events per topic
   * @param valueBytes total size of the record values
   * @param minBytes smallest record value
   * @param maxBytes largest record value
   * @param failed FAILED runs
   * @param ratioSampled records whose header is sampled in the high-rate topic
   * @param seconds time taken to generate and publish both topics
   */
  record Stats(long events, long valueBytes, int minBytes, int maxBytes, long failed, long ratioSampled, double seconds) {
    double meanBytes() {
      return (double) valueBytes / events;
    }
  }

  private Dataset() {}

  static EventGenerator generator(Path sample, long seed) throws InterruptedException {
    GeneratorProfile profile;
    try {
      profile = GeneratorProfile.fromSample(sample, ZoneOffset.UTC).orElseGet(GeneratorProfile::builtIn);
    } catch (LegacyFileException e) {
      throw new IllegalArgumentException("cannot read the sample " + sample + ": " + e.getMessage(), e);
    }
    return new EventGenerator(profile, new GeneratorKnobs(FAILURE_RATE, Map.of(), Set.of(), Set.of(), null), seed);
  }

  /**
   * The real producer's client settings (acks=all, idempotence, lz4, linger) for this broker,
   * under a client id of the benchmark's so its network thread is not counted as a service's.
   */
  static Map<String, Object> producerConfig(String bootstrapServers) {
    Map<String, Object> config =
        KafkaTarget.resolve(Map.of(), bootstrapServers, KafkaTarget.DEFAULT_TOPIC, KafkaTarget.DEFAULT_PARTITIONS,
            Map.of(), Duration.ofSeconds(30)).producerConfig();
    config.put(ProducerConfig.CLIENT_ID_CONFIG, ThreadCpu.BENCH_CLIENT_ID);
    return config;
  }

  /**
   * Publishes {@code count} events to both topics and waits until the broker acknowledged all.
   *
   * @param sampledTopic every header sampled: what a producer under parentbased_always_on sends
   * @param ratioTopic headers sampled as the high-rate producer decides
   */
  static Stats publish(
      String bootstrapServers, Path sample, int count, String sampledTopic, String ratioTopic)
      throws InterruptedException {
    long start = System.nanoTime();
    EventGenerator generator = generator(sample, SEED);
    TraceHeaders traces = new TraceHeaders(SEED, TRACE_RATIO);
    Instant firstEnd = Instant.now().minus(Duration.ofMillis(count));
    AtomicLong failures = new AtomicLong();
    AtomicReference<Exception> firstFailure = new AtomicReference<>();
    long bytes = 0;
    int min = Integer.MAX_VALUE;
    int max = 0;
    long failed = 0;
    long ratioSampled = 0;
    try (Producer<String, byte[]> producer =
        new KafkaProducer<>(producerConfig(bootstrapServers), new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        IngestionEvent event = generator.next(i, firstEnd.plusMillis(i));
        byte[] value = EventJson.toBytes(event);
        boolean isFailed = event.run().failed();
        TraceHeaders.Trace trace = traces.next(isFailed);
        String key = RecordKey.of(event);
        producer.send(record(sampledTopic, key, value, trace.sampledHeader()), (m, e) -> count(e, failures, firstFailure));
        producer.send(record(ratioTopic, key, value, trace.ratioHeader()), (m, e) -> count(e, failures, firstFailure));
        bytes += value.length;
        min = Math.min(min, value.length);
        max = Math.max(max, value.length);
        failed += isFailed ? 1 : 0;
        ratioSampled += trace.ratioSampled() ? 1 : 0;
      }
      producer.flush();
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " records not acknowledged", firstFailure.get());
    }
    return new Stats(count, bytes, min, max, failed, ratioSampled, (System.nanoTime() - start) / 1e9);
  }

  static ProducerRecord<String, byte[]> record(String topic, String key, byte[] value, byte[] traceparent) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
    record.headers().add(new RecordHeader(TraceHeaders.HEADER, traceparent));
    return record;
  }

  private static void count(Exception error, AtomicLong failures, AtomicReference<Exception> first) {
    if (error != null) {
      failures.incrementAndGet();
      first.compareAndSet(null, error);
    }
  }
}
