package io.ingestlens.bench;

import io.ingestlens.event.EventJson;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.event.RecordKey;
import io.ingestlens.processor.Processor;
import io.ingestlens.processor.kafka.ConsumerFactory;
import io.ingestlens.runtime.otel.backpressure.TelemetryBackpressure;
import io.ingestlens.processor.ProcessorSettings;
import io.ingestlens.producer.generate.EventGenerator;
import io.ingestlens.runtime.otel.IngestionAttributes;
import io.ingestlens.runtime.otel.PullMetricReader;
import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.ingestlens.runtime.otel.backpressure.TelemetryOverflow;
import io.ingestlens.testkit.OtlpReceiver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publish-to-processed delay at steady rates, with the processor in the full-telemetry profile.
 *
 * <p>A paced thread publishes fresh events (run ending now) with the producer's client settings
 * (linger 10 ms included) and notes, per event id, the time right before {@code send()}, which is
 * when the client stamps the record's timestamp. A log record processor added through the
 * ServiceTelemetry customizer sees the processor emit the event's run log record, on the poll
 * thread, after the event was parsed and its metrics recorded: the delay is the time between
 * the two, to the microsecond. The processor's own {@code ingestion.event.delivery_delay}
 * histogram (record timestamp to the start of handling, millisecond timestamps, coarse buckets)
 * is read beside it as a cross-check.
 */
final class DelayProbe {

  static final Duration WARM_UP = Duration.ofSeconds(2);
  static final String DELIVERY_DELAY = "ingestion.event.delivery_delay";

  /**
   * @param rate the target rate, events/s
   * @param achievedRate what the pacer managed over the measured window
   * @param samples events measured
   * @param lost measured events never seen handled
   * @param p50Ms exact median delay
   * @param p99Ms exact 99th percentile
   * @param maxMs largest delay
   * @param histogramP50Ms median estimated from the processor's histogram
   * @param histogramP99Ms 99th percentile estimated from the processor's histogram
   * @param memory heap after GC and RSS, read while this rate was running
   */
  record Result(
      int rate,
      double achievedRate,
      int samples,
      int lost,
      double p50Ms,
      double p90Ms,
      double p99Ms,
      double maxMs,
      double histogramP50Ms,
      double histogramP99Ms,
      MemoryProbe.Reading memory,
      SteadyCpu cpu) {}

  /**
   * CPU per event while a processor keeps up with a steady rate, over the measured window until
   * every event sent in it was handled.
   *
   * @param pollMicros the processor's poll thread
   * @param telemetryMicros the telemetry SDK's threads
   * @param serviceMicros poll thread, telemetry threads and the processor's Kafka clients
   * @param processMicros the whole process except the benchmark's own publishing thread and
   *     client: broker, OTLP receiver, GC and JIT included
   */
  record SteadyCpu(
      int rate, double pollMicros, double telemetryMicros, double serviceMicros, double processMicros, double otherLoad) {

    static SteadyCpu of(int rate, long events, ThreadCpu before, ThreadCpu after) {
      Map<ThreadCpu.Group, Long> spent = after.since(before);
      long poll = spent.get(ThreadCpu.Group.POLL);
      long telemetry = spent.get(ThreadCpu.Group.TELEMETRY);
      long service = poll + telemetry + spent.get(ThreadCpu.Group.KAFKA_CLIENTS);
      long process = spent.values().stream().mapToLong(Long::longValue).sum() - spent.get(ThreadCpu.Group.BENCH);
      return new SteadyCpu(rate, micros(poll, events), micros(telemetry, events), micros(service, events),
          micros(process, events), after.otherLoadSince(before));
    }

    private static double micros(long nanos, long events) {
      return nanos / 1e3 / events;
    }
  }

  /** Notes when each measured event's run log record is emitted. */
  static final class HandledHook implements LogRecordProcessor {
    final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private long[] delays = new long[1024];
    private int size;
    private volatile boolean recording;

    @Override
    public void onEmit(Context context, ReadWriteLogRecord logRecord) {
      if (!recording) {
        return;
      }
      String id = logRecord.getAttribute(IngestionAttributes.EVENT_ID);
      Long sent = id == null ? null : sentAt.remove(id);
      if (sent != null) {
        add(System.nanoTime() - sent);
      }
    }

    synchronized void add(long nanos) {
      if (size == delays.length) {
        delays = Arrays.copyOf(delays, size * 2);
      }
      delays[size++] = nanos;
    }

    synchronized long[] start() {
      long[] previous = Arrays.copyOf(delays, size);
      size = 0;
      sentAt.clear();
      recording = true;
      return previous;
    }

    synchronized long[] stop() {
      recording = false;
      return Arrays.copyOf(delays, size);
    }
  }

  private final String bootstrapServers;
  private final String topic;
  private final EventGenerator generator;
  private final HandledHook hook = new HandledHook();
  private final PullMetricReader reader = new PullMetricReader();
  private final TraceHeaders traces = new TraceHeaders(Dataset.SEED + 1, Dataset.TRACE_RATIO);
  private long sequence;

  private DelayProbe(String bootstrapServers, String topic, EventGenerator generator) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.generator = generator;
  }

  /**
   * @param results one per rate, full telemetry
   * @param noop CPU per event of a no-op processor at the same rates
   * @param received what the processor's SDK exported over all rates (drops included)
   */
  record Outcome(List<Result> results, List<SteadyCpu> noop, TelemetryReceived received) {}

  static Outcome run(
      String bootstrapServers,
      String topic,
      Path sample,
      List<Integer> rates,
      int seconds,
      OtlpReceiver receiver,
      Map<String, String> extraSettings,
      Map<String, String> consumerSettings,
      TelemetryOverflow overflow)
      throws Exception {
    DelayProbe probe = new DelayProbe(bootstrapServers, topic, Dataset.generator(sample, Dataset.SEED + 1));
    return probe.measure(rates, seconds, receiver, extraSettings, consumerSettings, overflow);
  }

  private Outcome measure(
      List<Integer> rates,
      int seconds,
      OtlpReceiver receiver,
      Map<String, String> extraSettings,
      Map<String, String> consumerSettings,
      TelemetryOverflow overflow)
      throws Exception {
    List<Result> results = new ArrayList<>();
    receiver.clear();
    ExecutorService pacer = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-pacer"));
    try (ServiceTelemetry telemetry =
            TelemetryProfile.FULL.startWithCheckpoints(
                ProcessorRun.SERVICE_NAME,
                ProcessorRun.LOGGER_NAME,
                receiver.endpoint(),
                extraSettings,
                overflow,
                customizer ->
                    customizer
                        .addLoggerProviderCustomizer((builder, config) -> builder.addLogRecordProcessor(hook))
                        .addMeterProviderCustomizer((builder, config) -> builder.registerMetricReader(reader)));
        Producer<String, byte[]> producer =
            new KafkaProducer<>(Dataset.producerConfig(bootstrapServers), new StringSerializer(), new ByteArraySerializer());
        Processor processor =
            new Processor(
                ProcessorSettings.builder()
                    .bootstrapServers(bootstrapServers)
                    .topic(topic)
                    .groupId("bench-live")
                    .kafkaProperties(consumerSettings)
                    .build(),
                telemetry)) {
      processor.start();
      // Until the group has formed, nothing is handled: publish slowly until something is.
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (processor.handledCount() == 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the processor handled nothing within a minute");
        }
        pace(producer, 100, Duration.ofMillis(100), false);
      }
      for (int rate : rates) {
        pace(producer, rate, WARM_UP, false);
        DelayHistogram before = DelayHistogram.of(reader.collect(), DELIVERY_DELAY);
        hook.start();
        ThreadCpu cpuBefore = ThreadCpu.snapshot();
        long sendStart = System.nanoTime();
        long sent = pace(producer, rate, Duration.ofSeconds(seconds), true);
        double achieved = sent / ((System.nanoTime() - sendStart) / 1e9);
        long drainDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!hook.sentAt.isEmpty() && System.nanoTime() < drainDeadline) {
          LockSupport.parkNanos(5_000_000);
        }
        int lost = hook.sentAt.size();
        long[] delays = hook.stop();
        SteadyCpu cpu = SteadyCpu.of(rate, sent, cpuBefore, ThreadCpu.snapshot());
        DelayHistogram histogram = DelayHistogram.of(reader.collect(), DELIVERY_DELAY).minus(before);
        // Memory under this load: keep publishing while the heap is read.
        Future<Long> load = pacer.submit(() -> pace(producer, rate, Duration.ofSeconds(3), false));
        Thread.sleep(1_500);
        MemoryProbe.Reading memory = MemoryProbe.read();
        load.get();
        results.add(
            new Result(
                rate,
                achieved,
                delays.length,
                lost,
                Stats.percentile(delays, 50) / 1e6,
                Stats.percentile(delays, 90) / 1e6,
                Stats.percentile(delays, 99) / 1e6,
                Stats.percentile(delays, 100) / 1e6,
                histogram.percentile(50) * 1e3,
                histogram.percentile(99) * 1e3,
                memory,
                cpu));
      }
    } finally {
      pacer.shutdownNow();
    }
    TelemetryReceived received = TelemetryReceived.take(receiver); // after close: the final export carries the drop counts
    return new Outcome(results, noopCpu(rates, seconds, consumerSettings), received);
  }

  /**
   * The same rates through a processor with a no-op OpenTelemetry (and the same commit cadence),
   * for its CPU per event. It starts at the end of the topic: the events already handled above
   * are not its business.
   */
  private List<SteadyCpu> noopCpu(List<Integer> rates, int seconds, Map<String, String> consumerSettings)
      throws InterruptedException {
    Map<String, Object> latest = new HashMap<>(consumerSettings);
    latest.put("auto.offset.reset", "latest");
    List<SteadyCpu> results = new ArrayList<>();
    System.gc();
    try (Producer<String, byte[]> producer =
            new KafkaProducer<>(Dataset.producerConfig(bootstrapServers), new StringSerializer(), new ByteArraySerializer());
        Processor processor =
            new Processor(
                ProcessorSettings.builder()
                    .bootstrapServers(bootstrapServers)
                    .topic(topic)
                    .groupId("bench-live-noop")
                    .kafkaProperties(latest)
                    .build(),
                OpenTelemetry.noop(),
                ProcessorRun.NO_METRICS,
                TelemetryBackpressure.none(),
                ConsumerFactory.kafka())) {
      processor.start();
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (processor.handledCount() == 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the no-op processor handled nothing within a minute");
        }
        pace(producer, 100, Duration.ofMillis(100), false);
      }
      for (int rate : rates) {
        pace(producer, rate, WARM_UP, false);
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // let the warm-up events be handled
        ThreadCpu before = ThreadCpu.snapshot();
        long handledBefore = processor.handledCount();
        long sent = pace(producer, rate, Duration.ofSeconds(seconds), false);
        long drainDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (processor.handledCount() < handledBefore + sent && System.nanoTime() < drainDeadline) {
          LockSupport.parkNanos(1_000_000);
        }
        results.add(SteadyCpu.of(rate, sent, before, ThreadCpu.snapshot()));
      }
    }
    return results;
  }

  /**
   * Publishes at {@code rate} events/s for {@code duration}, on schedule: each event is due at
   * start + n/rate; whatever is due goes out, then the thread parks briefly.
   *
   * @return events sent
   */
  private long pace(Producer<String, byte[]> producer, int rate, Duration duration, boolean measured) {
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long sent = 0;
    long now;
    while ((now = System.nanoTime()) < end) {
      long due = (now - start) * rate / 1_000_000_000L;
      while (sent < due) {
        send(producer, measured);
        sent++;
      }
      LockSupport.parkNanos(100_000);
    }
    return sent;
  }

  private void send(Producer<String, byte[]> producer, boolean measured) {
    IngestionEvent event = generator.next(sequence++, Instant.now());
    byte[] value = EventJson.toBytes(event);
    // Full-telemetry profile: the producer samples every trace.
    byte[] traceparent = traces.next(event.run().failed()).sampledHeader();
    var record = Dataset.record(topic, RecordKey.of(event), value, traceparent);
    if (measured) {
      hook.sentAt.put(event.eventId(), System.nanoTime());
    }
    producer.send(record);
  }
}
