package io.ingestlens.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.runtime.otel.IngestionAttributes;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The broker goes away mid-stream and comes back with its data: the producer and the processor
 * resume on their own, every event is counted, none twice.
 */
class BrokerOutageTest {

  private static final int EVENTS = 3_000;

  @Test
  void producerAndProcessorResumeAndNoEventIsLostOrCountedTwice() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    try (CapturingTelemetry producer = CapturingTelemetry.producer();
        CapturingTelemetry processor = CapturingTelemetry.processor();
        LocalPipeline pipeline = LocalPipeline.start(processor.service())) {
      CompletableFuture<Integer> stream =
          CompletableFuture.supplyAsync(
              () ->
                  pipeline.produce(producer.service(), quiet, quiet,
                      "generate", "--count", "" + EVENTS, "--rate", "1000", "--seed", "11"));
      pipeline.awaitHandled(EVENTS / 5, Duration.ofMinutes(1));

      pipeline.kafka().stop(); // mid-stream: the generator is still sending
      long handledDuringOutage = pipeline.processor().handledCount();
      pipeline.kafka().restart();

      assertThat(stream.get(3, TimeUnit.MINUTES)).as("producer exit code").isZero();
      pipeline.awaitHandled(EVENTS, Duration.ofMinutes(2));
      Collection<MetricData> metrics = processor.metrics();

      assertThat(handledDuringOutage).isLessThan(EVENTS);
      assertThat(sum(metrics, "ingestion.runs")).as("runs counted").isEqualTo(EVENTS);
      assertThat(sum(metrics, "ingestion.events.processed")).as("events processed").isEqualTo(EVENTS);
      assertThat(sum(metrics, "ingestion.events.rejected")).isZero();
      assertThat(sum(producer.metrics(), "ingestion.events.published")).as("acknowledged by the broker").isEqualTo(EVENTS);
      assertThat(processor.spans().stream().map(s -> s.getAttributes().get(IngestionAttributes.EVENT_ID)).distinct().count())
          .as("distinct events traced by the processor")
          .isEqualTo(EVENTS);
    }
  }

  static long sum(Collection<MetricData> metrics, String name) {
    return metrics.stream()
        .filter(m -> m.getName().equals(name))
        .flatMap(m -> m.getLongSumData().getPoints().stream())
        .mapToLong(LongPointData::getValue)
        .sum();
  }
}
