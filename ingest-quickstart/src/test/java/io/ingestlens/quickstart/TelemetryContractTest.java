package io.ingestlens.quickstart;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ingestlens.runtime.otel.IngestionAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replays logs.json through a real broker, producer and processor, each with its production SDK
 * setup and in-memory exporters, and holds the emitted telemetry to docs/telemetry.md's contract:
 * the values of the business metrics, one trace per event across Kafka, and the log records.
 */
class TelemetryContractTest {

  private static final String RUN = "ingestion.run";
  private static final String PUBLISH = "ingestion-logs publish";
  private static final String PROCESS = "ingestion-logs process";

  private static List<JsonNode> legacy;
  private static List<SpanData> producerSpans;
  private static List<SpanData> processorSpans;
  private static Collection<MetricData> processorMetrics;
  private static List<LogRecordData> processorLogs;

  @BeforeAll
  static void replayLogsJson() throws Exception {
    legacy = LogsJson.records();
    try (CapturingTelemetry producer = CapturingTelemetry.producer();
        CapturingTelemetry processor = CapturingTelemetry.processor()) {
      try (LocalPipeline pipeline = LocalPipeline.start(processor.service())) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        int code =
            pipeline.produce(producer.service(), quiet, quiet, "replay", "--file", LogsJson.PATH.toString());
        assertThat(code).isZero();
        pipeline.awaitHandled(legacy.size(), Duration.ofMinutes(2));
      }
      // Read before close: shutting an SDK down empties its in-memory exporters.
      producerSpans = producer.spans();
      processorSpans = processor.spans();
      processorMetrics = processor.metrics();
      processorLogs = processor.logs();
    }
  }

  @AfterAll
  static void release() {
    legacy = null;
  }

  @Test
  void runsByStatusEqualTheCountsInTheFile() {
    Map<String, Long> byStatus =
        points("ingestion.runs").stream()
            .collect(Collectors.groupingBy(p -> p.getAttributes().get(IngestionAttributes.STATUS),
                Collectors.summingLong(LongPointData::getValue)));

    assertThat(byStatus)
        .containsEntry("SUCCESS", LogsJson.countWithStatus(legacy, "SUCCESS"))
        .containsEntry("FAILED", LogsJson.countWithStatus(legacy, "FAILED"));
    assertThat(byStatus.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(legacy.size());
  }

  @Test
  void everyLabelSetHasAFailedSeriesEvenAtZero() {
    Set<Attributes> withoutStatus =
        points("ingestion.runs").stream().map(p -> withoutStatus(p.getAttributes())).collect(Collectors.toSet());
    Set<Attributes> failedSets =
        points("ingestion.runs").stream()
            .filter(p -> "FAILED".equals(p.getAttributes().get(IngestionAttributes.STATUS)))
            .map(p -> withoutStatus(p.getAttributes()))
            .collect(Collectors.toSet());

    assertThat(withoutStatus).hasSize(18); // 5 sources, 18 objects, one company, one zone
    assertThat(failedSets).isEqualTo(withoutStatus);
  }

  @Test
  void runMetricsCarryExactlyTheContractAttributes() {
    Set<String> business =
        Set.of("ingestion.source", "ingestion.object", "ingestion.status", "ingestion.company", "ingestion.zone");
    assertThat(points("ingestion.runs")).extracting(p -> keys(p.getAttributes())).containsOnly(business);
    assertThat(histogram("ingestion.run.duration")).extracting(p -> keys(p.getAttributes())).containsOnly(business);
    assertThat(metric("ingestion.run.duration").getUnit()).isEqualTo("s");
    assertThat(metric("ingestion.run.memory").getUnit()).isEqualTo("By");
    assertThat(histogram("ingestion.run.duration").stream().mapToLong(HistogramPointData::getCount).sum())
        .isEqualTo(legacy.size());
  }

  @Test
  void durationHistogramCarriesExemplarsPointingToProcessSpans() {
    Set<String> processTraceIds = processorSpans.stream().map(SpanData::getTraceId).collect(Collectors.toSet());

    List<String> exemplarTraces =
        histogram("ingestion.run.duration").stream()
            .flatMap(p -> p.getExemplars().stream())
            .map(e -> e.getSpanContext().getTraceId())
            .toList();

    assertThat(exemplarTraces).isNotEmpty();
    assertThat(processTraceIds).containsAll(exemplarTraces);
  }

  @Test
  void oneTracePerEventFromRunToPublishToProcess() {
    Map<String, List<SpanData>> byTrace =
        java.util.stream.Stream.concat(producerSpans.stream(), processorSpans.stream())
            .collect(Collectors.groupingBy(SpanData::getTraceId));

    assertThat(byTrace).hasSize(legacy.size());
    assertThat(byTrace.values())
        .allSatisfy(
            trace -> {
              Map<String, SpanData> byName = trace.stream().collect(Collectors.toMap(SpanData::getName, Function.identity()));
              assertThat(byName).containsOnlyKeys(RUN, PUBLISH, PROCESS);
              SpanData run = byName.get(RUN);
              SpanData publish = byName.get(PUBLISH);
              SpanData process = byName.get(PROCESS);
              assertThat(run).hasKind(SpanKind.INTERNAL).hasNoParent();
              assertThat(publish).hasKind(SpanKind.PRODUCER).hasParentSpanId(run.getSpanId());
              assertThat(process).hasKind(SpanKind.CONSUMER).hasParentSpanId(publish.getSpanId());
              assertThat(run.getResource().getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("ingest-producer");
              assertThat(process.getResource().getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("ingest-processor");
              assertThat(process.getAttributes().get(IngestionAttributes.EVENT_ID))
                  .isEqualTo(run.getAttributes().get(IngestionAttributes.EVENT_ID));
            });
  }

  @Test
  void failedRunSpansAreErrorsWithTheDescription() {
    List<SpanData> failed =
        producerSpans.stream().filter(s -> s.getName().equals(RUN) && s.getStatus().getStatusCode() == StatusCode.ERROR).toList();

    assertThat(failed).hasSize((int) LogsJson.countWithStatus(legacy, "FAILED"));
    assertThat(failed)
        .allSatisfy(s -> assertThat(s).hasAttribute(IngestionAttributes.STATUS, "FAILED"))
        .anySatisfy(s -> assertThat(s).hasAttribute(IngestionAttributes.OBJECT, "EventFactureApplication"));
    assertThat(failed).allSatisfy(s -> assertThat(s.getStatus().getDescription()).isNotBlank());
  }

  @Test
  void runSpansLastFromTheRunsStartToItsEnd() {
    SpanData first =
        producerSpans.stream()
            .filter(s -> s.getName().equals(RUN))
            .min(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos))
            .orElseThrow();
    // logs.json's first run: 2025-09-14 11:00:04.299087 to 11:00:05.307216 (naive, read as UTC).
    assertThat(first.getStartEpochNanos()).isEqualTo(java.time.Instant.parse("2025-09-14T11:00:04.299087Z").toEpochMilli() * 1_000_000 + 87_000);
    assertThat(first.getEndEpochNanos() - first.getStartEpochNanos()).isEqualTo(1_008_129_000L);
  }

  @Test
  void eachEventsLogRecordCarriesItsProcessSpanAndAttributes() {
    Map<String, SpanData> processBySpanId =
        processorSpans.stream().filter(s -> s.getName().equals(PROCESS)).collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
    List<LogRecordData> runs =
        processorLogs.stream().filter(l -> "ingestion.run".equals(l.getEventName())).toList();

    assertThat(runs).hasSize(legacy.size());
    assertThat(runs)
        .allSatisfy(
            log -> {
              assertThat(log)
                  .hasEventName("ingestion.run")
                  .hasInstrumentationScope(InstrumentationScopeInfo.create("io.ingestlens.processor"));
              assertThat(log.getSeverityText()).isEqualTo(log.getSeverity().name());
              SpanData span = processBySpanId.get(log.getSpanContext().getSpanId());
              assertThat(span).isNotNull();
              assertThat(log.getSpanContext().getTraceId()).isEqualTo(span.getTraceId());
              assertThat(log.getAttributes().get(IngestionAttributes.EVENT_ID))
                  .isEqualTo(span.getAttributes().get(IngestionAttributes.EVENT_ID));
              assertThat(log.getAttributes().get(IngestionAttributes.SOURCE)).isNotBlank();
            });
    assertThat(runs.stream().filter(l -> l.getSeverity() == Severity.ERROR).count())
        .isEqualTo(LogsJson.countWithStatus(legacy, "FAILED"));
  }

  private static Set<String> keys(Attributes attributes) {
    return attributes.asMap().keySet().stream().map(AttributeKey::getKey).collect(Collectors.toSet());
  }

  private static Attributes withoutStatus(Attributes attributes) {
    return attributes.toBuilder().remove(IngestionAttributes.STATUS).build();
  }

  private static MetricData metric(String name) {
    return processorMetrics.stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }

  private static Collection<LongPointData> points(String name) {
    return metric(name).getLongSumData().getPoints();
  }

  private static Collection<HistogramPointData> histogram(String name) {
    return metric(name).getHistogramData().getPoints();
  }
}
