package io.ingestlens.runtime.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricCheckpointsTest {

  private static final Map<String, String> METRICS_ONLY =
      Map.of("otel.traces.exporter", "none", "otel.logs.exporter", "none");

  @Test
  void withCheckpointsMetricsLeaveOnlyWhenExportedWithEverythingRecordedBefore() {
    InMemoryMetricExporter exporter = InMemoryMetricExporter.create();
    InMemoryMetricReader beside = InMemoryMetricReader.create();
    Map<String, String> settings = new java.util.HashMap<>(METRICS_ONLY);
    // A periodic reader at this interval would export many times during the test.
    settings.put("otel.metric.export.interval", "1");
    try (ServiceTelemetry telemetry =
        ServiceTelemetry.builder("svc", "test.checkpoints")
            .overrides(settings)
            .customize(c -> {
              c.addMetricExporterCustomizer((configured, config) -> exporter); // instead of OTLP
              c.addMeterProviderCustomizer((builder, config) -> builder.registerMetricReader(beside));
            })
            .metricCheckpoints()
            .start()) {
      MetricsCheckpoint checkpoint = telemetry.checkpoint();
      assertThat(checkpoint.interval()).isEqualTo(Duration.ofMillis(1));
      LongCounter counter = telemetry.openTelemetry().getMeter("m").counterBuilder("handled").build();

      counter.add(5);
      assertThat(checkpoint.export().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      counter.add(3);
      assertThat(checkpoint.export().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

      assertThat(values(exporter.getFinishedMetricItems(), "handled")).containsExactly(5L, 8L);
      assertThat(values(beside.collectAllMetrics(), "handled")).as("a reader a customizer adds still works")
          .containsExactly(8L);
    }
  }

  @Test
  void theIntervalIsTheStandardSettingWithItsDefault() {
    try (ServiceTelemetry telemetry =
        ServiceTelemetry.builder("svc", "test.checkpoints")
            .overrides(METRICS_ONLY)
            .customize(c -> c.addMetricExporterCustomizer((configured, config) -> InMemoryMetricExporter.create()))
            .metricCheckpoints()
            .start()) {
      assertThat(telemetry.checkpoint().interval()).isEqualTo(Duration.ofSeconds(60));
    }
  }

  @Test
  void withoutCheckpointsOrWithoutAnExporterTheCheckpointIsImmediate() {
    Map<String, String> none = Map.of(
        "otel.traces.exporter", "none", "otel.logs.exporter", "none", "otel.metrics.exporter", "none");
    try (ServiceTelemetry periodic = ServiceTelemetry.start("svc", "test.periodic", none);
        ServiceTelemetry noExporter = ServiceTelemetry.builder("svc", "test.none")
            .overrides(none)
            .metricCheckpoints()
            .start()) {
      for (MetricsCheckpoint checkpoint : List.of(periodic.checkpoint(), noExporter.checkpoint())) {
        assertThat(checkpoint.interval()).isZero();
        CompletableResultCode result = checkpoint.export();
        assertThat(result.isDone()).isTrue();
        assertThat(result.isSuccess()).isTrue();
      }
    }
  }

  @Test
  void exportsReachTheExporterOneAtATimeInTheOrderTheyWereCollected() {
    HeldExporter exporter = new HeldExporter();
    OnDemandMetricReader reader = new OnDemandMetricReader(exporter, Duration.ofSeconds(1));
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
      LongCounter counter = provider.get("m").counterBuilder("handled").build();
      counter.add(5);
      CompletableResultCode first = reader.export();
      counter.add(3);
      CompletableResultCode second = reader.export();
      counter.add(100); // after the second collection: in neither export

      assertThat(exporter.batches).hasSize(1);
      assertThat(second.isDone()).isFalse();
      exporter.results.get(0).fail(); // a failed export completes its checkpoint all the same
      assertThat(first.isDone()).isTrue();
      assertThat(first.isSuccess()).isFalse();

      assertThat(exporter.batches).hasSize(2);
      exporter.results.get(1).succeed();
      assertThat(second.isSuccess()).isTrue();
      assertThat(values(exporter.batches.get(0), "handled")).containsExactly(5L);
      assertThat(values(exporter.batches.get(1), "handled")).containsExactly(8L);
      exporter.holding = false;
    }
  }

  @Test
  void aCheckpointIsCollectedAtOnceButSentOnlyAfterWhatItWaitsFor() {
    HeldExporter exporter = new HeldExporter();
    OnDemandMetricReader reader = new OnDemandMetricReader(exporter, Duration.ofSeconds(1));
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
      LongCounter counter = provider.get("m").counterBuilder("handled").build();
      counter.add(5);
      CompletableResultCode logsExported = new CompletableResultCode();
      CompletableResultCode checkpoint = reader.export(logsExported);
      counter.add(3); // after the collection: not in this checkpoint

      assertThat(exporter.batches).isEmpty();
      logsExported.succeed();

      assertThat(exporter.batches).hasSize(1);
      assertThat(values(exporter.batches.get(0), "handled")).containsExactly(5L);
      exporter.results.get(0).succeed();
      assertThat(checkpoint.isSuccess()).isTrue();
      exporter.holding = false;
    }
  }

  @Test
  void aCheckpointWhoseWaitFailedIsNeverSent() {
    HeldExporter exporter = new HeldExporter();
    OnDemandMetricReader reader = new OnDemandMetricReader(exporter, Duration.ofSeconds(1));
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
      provider.get("m").counterBuilder("handled").build().add(5);
      CompletableResultCode abandoned = new CompletableResultCode();
      CompletableResultCode checkpoint = reader.export(abandoned);

      abandoned.fail();

      assertThat(checkpoint.isDone()).isTrue();
      assertThat(checkpoint.isSuccess()).isFalse();
      assertThat(exporter.batches).isEmpty();
      exporter.holding = false;
    }
  }

  @Test
  void flushAndShutdownExportNothingTheServiceDidNotCheckpoint() {
    HeldExporter exporter = new HeldExporter();
    exporter.holding = false;
    OnDemandMetricReader reader = new OnDemandMetricReader(exporter, Duration.ofSeconds(1));
    SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
    provider.get("m").counterBuilder("handled").build().add(5);

    assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(provider.shutdown().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

    assertThat(exporter.batches).isEmpty();
  }

  private static List<Long> values(Collection<MetricData> metrics, String name) {
    List<Long> values = new ArrayList<>();
    metrics.stream().filter(m -> m.getName().equals(name))
        .forEach(m -> m.getLongSumData().getPoints().forEach(p -> values.add(p.getValue())));
    return values;
  }

  /** Keeps every export pending until the test completes it. */
  private static final class HeldExporter implements MetricExporter {
    final List<Collection<MetricData>> batches = new ArrayList<>();
    final List<CompletableResultCode> results = new ArrayList<>();
    boolean holding = true;

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
      batches.add(List.copyOf(metrics));
      CompletableResultCode result = holding ? new CompletableResultCode() : CompletableResultCode.ofSuccess();
      results.add(result);
      return result;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
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
