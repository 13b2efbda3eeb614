package io.ingestlens.processor.telemetry;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.event.IngestionEvent;
import io.ingestlens.processor.TestEvents;
import io.ingestlens.processor.TestTelemetry;
import io.ingestlens.runtime.otel.IngestionAttributes;
import io.ingestlens.runtime.otel.LabelGuard;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The business metrics without a broker: caps, first-seen zeros, recovery, last run. */
class RunMetricsTest {

  private final TestTelemetry telemetry = new TestTelemetry();
  private final RunMetrics metrics =
      new RunMetrics(telemetry.sdk.getMeter("io.ingestlens.processor"), LabelGuard.withContractCaps());
  private final double now = Instant.now().getEpochSecond();

  @AfterEach
  void close() {
    metrics.close();
    telemetry.close();
  }

  @Test
  void sourcesPastSixtyFourLandInOneOtherSeries() {
    for (int i = 0; i < 70; i++) {
      metrics.record(TestEvents.run("source-" + i, "obj", "SUCCESS", Duration.ofMinutes(1)), now);
    }
    Set<String> sources =
        runPoints(telemetry.collect()).stream()
            .map(p -> p.getAttributes().get(IngestionAttributes.SOURCE))
            .collect(Collectors.toSet());
    assertThat(sources).hasSize(65).contains(LabelGuard.OTHER);
    long other =
        runPoints(telemetry.collect()).stream()
            .filter(p -> LabelGuard.OTHER.equals(p.getAttributes().get(IngestionAttributes.SOURCE)))
            .filter(p -> "SUCCESS".equals(p.getAttributes().get(IngestionAttributes.STATUS)))
            .mapToLong(LongPointData::getValue)
            .sum();
    assertThat(other).isEqualTo(6);
  }

  @Test
  void aNewLabelSetStartsAtZeroForBothOutcomes() {
    metrics.record(TestEvents.run("PowerBI", "workspaces", "SUCCESS", Duration.ofMinutes(1)), now);
    assertThat(runPoints(telemetry.collect()))
        .extracting(p -> p.getAttributes().get(IngestionAttributes.STATUS) + "=" + p.getValue())
        .containsExactlyInAnyOrder("SUCCESS=1", "FAILED=0");
  }

  @Test
  void otherStatusesAreCountedUnderTheirOwnName() {
    metrics.record(TestEvents.run("PowerBI", "workspaces", "PARTIAL", Duration.ofMinutes(1)), now);
    assertThat(runPoints(telemetry.collect()))
        .extracting(p -> p.getAttributes().get(IngestionAttributes.STATUS) + "=" + p.getValue())
        .containsExactlyInAnyOrder("SUCCESS=0", "FAILED=0", "PARTIAL=1");
  }

  @Test
  void recoveryRunsFromTheFirstFailureToTheNextSuccess() {
    Instant t = Instant.parse("2024-05-01T08:00:00Z");
    metrics.record(TestEvents.run("PowerBI", "workspaces", "FAILED", t.minusSeconds(60), t, "boom"), now);
    metrics.record(TestEvents.run("PowerBI", "workspaces", "FAILED", t, t.plusSeconds(100), "again"), now);
    metrics.record(TestEvents.run("PowerBI", "other", "SUCCESS", t, t.plusSeconds(200), "ok"), now);
    metrics.record(TestEvents.run("PowerBI", "workspaces", "SUCCESS", t, t.plusSeconds(400), "ok"), now);
    metrics.record(TestEvents.run("PowerBI", "workspaces", "SUCCESS", t, t.plusSeconds(900), "ok"), now);

    MetricData recovery = TestTelemetry.metric(telemetry.collect(), "ingestion.recovery.duration").orElseThrow();
    assertThat(recovery)
        .hasUnit("s")
        .hasHistogramSatisfying(
            h -> h.hasPointsSatisfying(
                p -> p.hasCount(1).hasSum(400)
                    .hasBucketBoundaries(60, 300, 600, 1800, 3600, 7200, 14400, 43200, 86400)
                    .hasAttributesSatisfyingExactly(
                        equalTo(IngestionAttributes.SOURCE, "PowerBI"),
                        equalTo(IngestionAttributes.OBJECT, "workspaces"),
                        equalTo(IngestionAttributes.COMPANY, "akonovia"),
                        equalTo(IngestionAttributes.ZONE, "1-Raw"))));
  }

  @Test
  void lastRunIsTheNewestEndPerSourceCompanyAndZone() {
    Instant newest = Instant.parse("2024-05-01T09:00:00Z");
    metrics.record(TestEvents.run("PowerBI", "a", "SUCCESS", newest.minusSeconds(60), newest, "x"), now);
    metrics.record(TestEvents.run("PowerBI", "b", "FAILED", newest.minusSeconds(600), newest.minusSeconds(300), "x"), now);

    MetricData lastRun = TestTelemetry.metric(telemetry.collect(), "ingestion.source.last_run").orElseThrow();
    assertThat(lastRun)
        .hasUnit("s")
        .hasDoubleGaugeSatisfying(
            g -> g.hasPointsSatisfying(
                p -> p.hasValue(newest.getEpochSecond())
                    .hasAttributesSatisfyingExactly(
                        equalTo(IngestionAttributes.SOURCE, "PowerBI"),
                        equalTo(IngestionAttributes.COMPANY, "akonovia"),
                        equalTo(IngestionAttributes.ZONE, "1-Raw"))));
  }

  @Test
  void runsWithoutCompanyOrZoneAreLabelledUnknown() {
    IngestionEvent event = TestEvents.run("PowerBI", "a", "SUCCESS", Duration.ofMinutes(1));
    IngestionEvent bare =
        new IngestionEvent(event.schemaVersion(), event.eventId(), event.eventType(), event.run(),
            event.ingested(), new io.ingestlens.event.Tenant(null, null), event.resources(), event.origin(), null);
    metrics.record(bare, now);
    assertThat(runPoints(telemetry.collect()))
        .allSatisfy(p -> {
          assertThat(p.getAttributes().get(IngestionAttributes.COMPANY)).isEqualTo("unknown");
          assertThat(p.getAttributes().get(IngestionAttributes.ZONE)).isEqualTo("unknown");
        });
  }

  @Test
  void resourceHistogramsUseTheContractBuckets() {
    metrics.record(TestEvents.run("PowerBI", "a", "SUCCESS", Duration.ofMinutes(1)), now);
    Collection<MetricData> all = telemetry.collect();
    HistogramPointData memory =
        TestTelemetry.metric(all, "ingestion.run.memory").orElseThrow().getHistogramData().getPoints().iterator().next();
    long mib = 1024 * 1024;
    assertThat(memory.getBoundaries())
        .containsExactly((double) mib, 2.0 * mib, 5.0 * mib, 10.0 * mib, 20.0 * mib, 50.0 * mib, 100.0 * mib,
            150.0 * mib, 200.0 * mib, 500.0 * mib, 1024.0 * mib, 2048.0 * mib);
    assertThat(memory.getSum()).isEqualTo(64.0 * mib);
    assertThat(TestTelemetry.metric(all, "ingestion.run.cpu_time").orElseThrow())
        .hasUnit("s")
        .hasHistogramSatisfying(h -> h.hasPointsSatisfying(
            p -> p.hasSum(2.5).hasBucketBoundaries(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
                .hasAttributes(Attributes.of(
                    IngestionAttributes.SOURCE, "PowerBI", IngestionAttributes.OBJECT, "a",
                    IngestionAttributes.COMPANY, "akonovia", IngestionAttributes.ZONE, "1-Raw"))));
    assertThat(TestTelemetry.metric(all, "ingestion.run.delay").orElseThrow())
        .hasUnit("s")
        .hasHistogramSatisfying(h -> h.hasPointsSatisfying(
            p -> p.hasBucketBoundaries(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400)
                .hasAttributes(Attributes.of(IngestionAttributes.SOURCE, "PowerBI"))));
  }

  private static Collection<LongPointData> runPoints(Collection<MetricData> all) {
    return TestTelemetry.metric(all, "ingestion.runs").orElseThrow().getLongSumData().getPoints();
  }
}
