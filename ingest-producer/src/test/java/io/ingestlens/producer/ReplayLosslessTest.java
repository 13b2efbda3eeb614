package io.ingestlens.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.producer.generate.EventGenerator;
import io.ingestlens.producer.generate.GeneratorKnobs;
import io.ingestlens.producer.generate.GeneratorProfile;
import io.ingestlens.producer.legacy.LegacyWriter;
import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.ingestlens.runtime.otel.backpressure.TelemetryOverflow;
import io.ingestlens.testkit.KafkaBroker;
import io.ingestlens.testkit.OtlpReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay of a 50,000-record history at full speed against a collector slower than the producer:
 * publishing waits for the exporter, and every run's two spans arrive, none twice, none dropped.
 */
class ReplayLosslessTest {

  private static final int RECORDS = 50_000;

  @RegisterExtension
  static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void everyRunAndPublishSpanOfALargeReplayIsExported(@TempDir Path dir) throws Exception {
    Path history = dir.resolve("history.json");
    LegacyWriter.write(history, RECORDS,
        new EventGenerator(GeneratorProfile.builtIn(), new GeneratorKnobs(0.01, Map.of(), Set.of(), Set.of(), null), 7));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    try (OtlpReceiver collector = OtlpReceiver.start()) {
      collector.slowDown(Duration.ofMillis(50));
      try (ServiceTelemetry telemetry = ServiceTelemetry.builder(ProducerMain.SERVICE_NAME, ProducerMain.LOGGER_NAME)
          .overrides(Map.of("otel.exporter.otlp.endpoint", collector.endpoint(), "otel.metric.export.interval", "500"))
          .overflow(TelemetryOverflow.BLOCK)
          .start()) {
        int code = ProducerMain.run(new String[] {"replay", "--file", history.toString(), "--progress-every", "0"},
            Map.of("KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers()), telemetry,
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(telemetry.backpressure().awaitExported(telemetry.backpressure().mark(), Duration.ofMinutes(1), "test"))
            .isTrue();
      }
      List<Span> runs = spans(collector, "ingestion.run");
      List<Span> publishes = spans(collector, "ingestion-logs publish");
      assertThat(runs.stream().map(s -> OtlpReceiver.attribute(s.getAttributesList(), "ingestion.event_id")).distinct())
          .as("one run span per record").hasSize(RECORDS);
      assertThat(runs).hasSize(RECORDS);
      assertThat(publishes).hasSize(RECORDS);
      Set<String> runSpanIds = runs.stream().map(s -> s.getSpanId().toStringUtf8()).collect(Collectors.toSet());
      assertThat(publishes.stream().filter(p -> !runSpanIds.contains(p.getParentSpanId().toStringUtf8())).count())
          .as("publish spans whose parent is not a run span").isZero();
      assertThat(collector.droppedBySenders()).isZero();
    }
  }

  private static List<Span> spans(OtlpReceiver collector, String name) {
    return collector.spans().stream().map(OtlpReceiver.ReceivedSpan::span).filter(s -> s.getName().equals(name)).toList();
  }
}
