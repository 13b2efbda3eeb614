package io.ingestlens.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestlens.event.IngestionEvent;
import io.ingestlens.kafka.InProcessKafka;
import io.ingestlens.runtime.otel.FailedRunsSampler;
import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: a measurement, run on demand with {@code -Dprocessor.benchmark=true}
 * ({@code -Dprocessor.benchmark.events=N}, default 500000). Prints the raw poll-only rate and the
 * processor's rate with full telemetry (batch span and log processors, exporters that drop).
 */
@EnabledIfSystemProperty(named = "processor.benchmark", matches = "true")
class ThroughputBenchmark {

  @Test
  void processorRateAgainstAPollOnlyConsumer() throws Exception {
    int events = Integer.getInteger("processor.benchmark.events", 500_000);
    String topic = "ingestion-logs";
    try (InProcessKafka kafka = InProcessKafka.start()) {
      kafka.createTopic(topic, 3, Duration.ofSeconds(30));
      try (Producer<String, byte[]> producer = Kafka.producer(kafka, Map.of(
          ProducerConfig.LINGER_MS_CONFIG, 10, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
          ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024))) {
        for (int i = 0; i < events; i++) {
          IngestionEvent e = TestEvents.run("source-" + (i % 5), "object-" + (i % 20),
              i % 10 == 0 ? "FAILED" : "SUCCESS", Duration.ofMinutes(1));
          producer.send(new ProducerRecord<>(topic, e.ingested().source(), TestEvents.json(e)));
        }
        producer.flush();
      }
      for (int round = 0; round < 3; round++) {
        long cpu0 = cpuNanos();
        double raw = rawRate(kafka, topic, events, "raw-" + round);
        long cpu1 = cpuNanos();
        java.util.Map<String, Long> before = threadCpu();
        double processed = processorRate(kafka, topic, events, "proc-" + round);
        long cpu2 = cpuNanos();
        if (Boolean.getBoolean("processor.benchmark.threads")) {
          java.util.Map<String, Long> after = beforeClose;
          after.forEach((name, t) -> {
            long d = t - before.getOrDefault(name, 0L);
            if (d > (cpu2 - cpu1) / 50) {
              System.out.printf("    %-60s %.2f us/record%n", name, d / 1e3 / events);
            }
          });
        }
        System.out.printf("round %d: raw poll-only %.0f msg/s, processor %.0f msg/s, ratio %.1f%%;"
                + " JVM CPU per record: raw %.2f us, processor %.2f us, ratio %.1f%%%n",
            round, raw, processed, 100 * processed / raw,
            (cpu1 - cpu0) / 1e3 / events, (cpu2 - cpu1) / 1e3 / events, 100.0 * (cpu1 - cpu0) / (cpu2 - cpu1));
      }
    }
  }

  private static java.util.Map<String, Long> beforeClose;

  /** CPU time per thread, grouped by name without trailing numbers. */
  private static java.util.Map<String, Long> threadCpu() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    java.util.Map<String, Long> byName = new java.util.TreeMap<>();
    for (long id : mx.getAllThreadIds()) {
      java.lang.management.ThreadInfo info = mx.getThreadInfo(id);
      long t = mx.getThreadCpuTime(id);
      if (info != null && t > 0) {
        byName.merge(info.getThreadName().replaceAll("[0-9]+", "#"), t, Long::sum);
      }
    }
    return byName;
  }

  /** CPU time of this whole JVM (broker included): less sensitive than rates to other load on the machine. */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double rawRate(InProcessKafka kafka, String topic, int events, String group) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, group,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    long start = 0;
    long first = 0;
    long count = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      while (count < events) {
        int polled = consumer.poll(Duration.ofMillis(200)).count();
        if (count == 0 && polled > 0) { // the clock starts at the first batch: group join excluded
          start = System.nanoTime();
          first = polled;
        }
        count += polled;
      }
    }
    return (events - first) / ((System.nanoTime() - start) / 1e9);
  }

  private static double processorRate(InProcessKafka kafka, String topic, int events, String group) {
    AtomicLong exportedSpans = new AtomicLong();
    AtomicLong exportedLogs = new AtomicLong();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .setSampler(new FailedRunsSampler(Sampler.parentBased(Sampler.alwaysOn())))
            .addSpanProcessor(BatchSpanProcessor.builder(new CountingSpans(exportedSpans))
                .setMaxQueueSize(32768).setMaxExportBatchSize(2048).build())
            .build())
        .setMeterProvider(SdkMeterProvider.builder()
            .registerMetricReader(PeriodicMetricReader.builder(InMemoryMetricExporter.create())
                .setInterval(Duration.ofSeconds(10)).build())
            .build())
        .setLoggerProvider(SdkLoggerProvider.builder()
            .addLogRecordProcessor(BatchLogRecordProcessor.builder(new CountingLogs(exportedLogs))
                .setMaxQueueSize(32768).setMaxExportBatchSize(2048).build())
            .build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    try (ServiceTelemetry telemetry = ServiceTelemetry.wrap(sdk, "io.ingestlens.processor")) {
      long start;
      long first;
      double rate;
      try (Processor processor = new Processor(Kafka.settings(kafka, topic).withGroupId(group), sdk)) {
        processor.start();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(1)).until(() -> processor.handledCount() > 0);
        start = System.nanoTime(); // from the first committed batch: group join excluded
        first = processor.handledCount();
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(5))
            .until(() -> processor.handledCount() == events);
        rate = (events - first) / ((System.nanoTime() - start) / 1e9);
        beforeClose = threadCpu();
      }
      telemetry.flush(Duration.ofSeconds(30));
      System.out.printf("  exported %d spans, %d log records of %d events%n", exportedSpans.get(), exportedLogs.get(), events);
      assertThat(exportedSpans.get()).isPositive();
      return rate;
    }
  }

  private record CountingSpans(AtomicLong count) implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      count.addAndGet(spans.size());
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  private record CountingLogs(AtomicLong count) implements LogRecordExporter {
    @Override
    public CompletableResultCode export(Collection<LogRecordData> logs) {
      count.addAndGet(logs.size());
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
