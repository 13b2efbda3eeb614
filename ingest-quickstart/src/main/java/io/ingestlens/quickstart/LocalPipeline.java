package io.ingestlens.quickstart;

import io.ingestlens.kafka.InProcessKafka;
import io.ingestlens.processor.Processor;
import io.ingestlens.processor.ProcessorSettings;
import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.ingestlens.producer.ProducerMain;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The whole pipeline in one JVM: a real in-process Kafka broker, the processor polling it, and the
 * producer CLI run against it. The quickstart and the end-to-end tests share it; each service gets
 * the OpenTelemetry instance its caller built, so each keeps its own SDK and service.name.
 */
public final class LocalPipeline implements AutoCloseable {

  public static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

  private final InProcessKafka kafka;
  private final Processor processor;

  private LocalPipeline(InProcessKafka kafka, Processor processor) {
    this.kafka = kafka;
    this.processor = processor;
  }

  /**
   * Starts the broker, creates the topic (3 partitions) and starts the processor on it, with the
   * metric checkpoints and the back-pressure of its SDK.
   */
  public static LocalPipeline start(ServiceTelemetry processorTelemetry) {
    return start(processorTelemetry, UnaryOperator.identity());
  }

  /** As {@link #start(ServiceTelemetry)}, with the processor's settings adjusted by the caller. */
  public static LocalPipeline start(
      ServiceTelemetry processorTelemetry, UnaryOperator<ProcessorSettings> settings) {
    InProcessKafka kafka = InProcessKafka.start();
    try {
      kafka.createTopic(ProcessorSettings.DEFAULT_TOPIC, 3, TOPIC_TIMEOUT);
      Processor processor =
          new Processor(
              settings.apply(ProcessorSettings.forBootstrapServers(kafka.bootstrapServers())),
              processorTelemetry);
      processor.start();
      return new LocalPipeline(kafka, processor);
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
  }

  /** Runs the producer CLI against this broker; returns its exit code. */
  public int produce(ServiceTelemetry producerTelemetry, PrintStream out, PrintStream err, String... args) {
    return ProducerMain.run(args, producerEnv(), producerTelemetry, out, err);
  }

  /** The environment the producer sees: only the broker address. */
  public Map<String, String> producerEnv() {
    return Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
  }

  /** Waits until the processor has handled (processed, dead-lettered or de-duplicated) {@code count} records. */
  public void awaitHandled(long count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (processor.handledCount() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "processor handled " + processor.handledCount() + " of " + count + " records within " + timeout);
      }
      Thread.sleep(20);
    }
  }

  public InProcessKafka kafka() {
    return kafka;
  }

  public Processor processor() {
    return processor;
  }

  /** Stops the processor (commits, finishes in-flight work), then the broker. */
  @Override
  public void close() {
    try {
      processor.close();
    } finally {
      kafka.close();
    }
  }
}
