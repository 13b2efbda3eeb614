package io.ingestlens.producer.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The published counter's {@code ingestion.source} follows the caps of docs/telemetry.md. */
class PublishedSourceLabelsTest {

  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private static final AttributeKey<String> SOURCE = AttributeKey.stringKey("ingestion.source");

  @Test
  void sourcesPastSixtyFourShareOtherAndValuesAreCleaned() {
    ProducerTelemetry telemetry = new ProducerTelemetry(OTEL.getOpenTelemetry(), "t");
    for (int i = 0; i < 64; i++) {
      telemetry.published("s" + i);
    }
    telemetry.published("late-1");
    telemetry.published("late-2");
    telemetry.published("s0");

    Map<String, Long> counted = counted();
    assertThat(counted).hasSize(65).containsEntry("_other", 2L).containsEntry("s0", 2L);
  }

  @Test
  void controlCharactersAreRemovedAndLongValuesCut() {
    ProducerTelemetry telemetry = new ProducerTelemetry(OTEL.getOpenTelemetry(), "t");
    telemetry.published("Power\nBI");
    telemetry.published("x".repeat(300));

    assertThat(counted().keySet()).containsExactlyInAnyOrder("PowerBI", "x".repeat(128));
  }

  private static Map<String, Long> counted() {
    return OTEL.getMetrics().stream()
        .filter(m -> m.getName().equals(ProducerTelemetry.PUBLISHED))
        .flatMap(m -> m.getLongSumData().getPoints().stream())
        .collect(Collectors.toMap(p -> p.getAttributes().get(SOURCE), LongPointData::getValue));
  }
}
