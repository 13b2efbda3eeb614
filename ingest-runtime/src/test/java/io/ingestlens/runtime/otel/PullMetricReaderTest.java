package io.ingestlens.runtime.otel;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import org.junit.jupiter.api.Test;

class PullMetricReaderTest {

  @Test
  void collectsTheCumulativeMetricsWhenAskedAndOnlyThen() {
    PullMetricReader reader = new PullMetricReader();
    assertThat(reader.collect()).as("not registered yet").isEmpty();
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
      LongCounter runs = provider.get("test").counterBuilder("runs").build();
      runs.add(2);
      runs.add(3);

      assertThat(reader.collect())
          .singleElement()
          .satisfies(metric -> assertThat(metric).hasName("runs").hasLongSumSatisfying(sum -> sum.isCumulative()
              .hasPointsSatisfying(point -> point.hasValue(5))));
      runs.add(1);
      assertThat(reader.collect()).singleElement()
          .satisfies(metric -> assertThat(metric).hasLongSumSatisfying(sum -> sum.hasPointsSatisfying(point -> point.hasValue(6))));
    }
  }
}
