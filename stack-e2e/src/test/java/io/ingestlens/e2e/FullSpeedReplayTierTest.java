package io.ingestlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ingestlens.e2e.backend.Loki;
import io.ingestlens.e2e.backend.Loki.LogLine;
import io.ingestlens.e2e.backend.Prometheus;
import io.ingestlens.e2e.backend.Tempo;
import io.ingestlens.e2e.backend.Tempo.TraceSpan;
import io.ingestlens.e2e.scenario.FullSpeedReplay;
import io.ingestlens.e2e.stack.RealStackCondition;
import io.ingestlens.e2e.stack.StackEndpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The promise of lossless telemetry on the real backends: a 51,840-run history replayed at full
 * speed (see {@link FullSpeedReplay}) is counted once in Prometheus, has one run record per run in
 * Loki, and every FAILED run's trace is whole in Tempo, with nothing dropped on the way. Runs after
 * {@link RealBackendTierTest} (see {@code junit-platform.properties}), whose figures are those of
 * {@code logs.json} alone; its own data is told apart by {@code service.instance.id}.
 */
@ExtendWith(RealStackCondition.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
@Order(2)
class FullSpeedReplayTierTest {

  /** Counters are sent after each commit; the margin covers a loaded CI machine. */
  static final Duration DATA_TIMEOUT = Duration.ofMinutes(3);
  static final Duration POLL = Duration.ofSeconds(2);
  static final String PROCESSOR = "instance=\"" + FullSpeedReplay.PROCESSOR_INSTANCE + "\"";
  static final String BOTH = "instance=~\"" + FullSpeedReplay.PROCESSOR_INSTANCE + "|" + FullSpeedReplay.PRODUCER_INSTANCE + "\"";
  static final String RUN_RECORDS =
      "{service_name=\"ingest-processor\"} | service_instance_id=\"" + FullSpeedReplay.PROCESSOR_INSTANCE + "\" | ingestion_status!=\"\"";

  private Prometheus prometheus;
  private Loki loki;
  private Tempo tempo;
  private double tempoDiscardedBefore;
  private double tempoReceivedBefore;
  private Instant startedAt;
  private FullSpeedReplay replay;

  @BeforeAll
  void replayAtFullSpeed() {
    StackEndpoints stack = StackEndpoints.from(System.getenv());
    prometheus = new Prometheus(stack.prometheus());
    loki = new Loki(stack.loki());
    tempo = new Tempo(stack.tempo());
    tempoDiscardedBefore = tempo.ownCounter("tempo_discarded_spans_total");
    tempoReceivedBefore = tempo.ownCounter("tempo_distributor_spans_received_total");
    startedAt = Instant.now();
    replay = FullSpeedReplay.run(stack, Path.of("target", "stack-e2e", "full-speed-replay").toAbsolutePath());
  }

  @AfterAll
  void stop() {
    if (replay != null) {
      replay.close();
    }
  }

  @Test
  @Order(1)
  void everyRunIsCountedOnceInPrometheus() {
    awaitValue("runs counted by the processor", "sum(ingestion_runs_total{" + PROCESSOR + "})", FullSpeedReplay.RECORDS);
    awaitValue("FAILED runs counted by the processor",
        "sum(ingestion_runs_total{" + PROCESSOR + ", ingestion_status=\"FAILED\"})", replay.failed());
  }

  @Test
  @Order(2)
  void everyRunHasOneRunRecordInLoki() {
    awaitLokiCount("run records in Loki", RUN_RECORDS, FullSpeedReplay.RECORDS);
    awaitLokiCount("FAILED run records in Loki (the \"Five most recent failed runs\" panel's selection)",
        RUN_RECORDS.replace("ingestion_status!=\"\"", "ingestion_status=\"FAILED\""), replay.failed());
  }

  /** Every FAILED run: its record's trace id opens a whole trace, three spans over both services. */
  @Test
  @Order(3)
  void everyFailedRunOpensItsWholeTraceInTempo() {
    String failedRecords = RUN_RECORDS.replace("ingestion_status!=\"\"", "ingestion_status=\"FAILED\"");
    List<LogLine> failed = loki.logs(failedRecords, startedAt.minusSeconds(60), Instant.now().plusSeconds(60), 5000);
    assertThat(failed.size()).as("FAILED run records in Loki").isEqualTo(replay.failed());
    for (LogLine record : failed) {
      String traceId = record.labels().get("trace_id");
      assertThat(traceId).as("trace_id of the run record %s", record).isNotBlank();
      AtomicReference<Optional<List<TraceSpan>>> seen = new AtomicReference<>(Optional.empty());
      await("trace " + traceId + " of a FAILED run, three spans")
          .atMost(DATA_TIMEOUT).pollInterval(POLL).pollDelay(Duration.ZERO)
          .failFast(() -> seen.get().map(spans -> spans.size() > 3).orElse(false))
          .until(() -> {
            seen.set(tempo.trace(traceId, null));
            return seen.get().map(List::size).orElse(0) == 3;
          });
      assertThat(seen.get().orElseThrow())
          .as("trace %s", traceId)
          .extracting(s -> s.span().name())
          .containsExactlyInAnyOrder("ingestion.run", "ingestion-logs publish", "ingestion-logs process");
    }
    assertThat(tempo.ownCounter("tempo_discarded_spans_total") - tempoDiscardedBefore)
        .as("spans Tempo discarded during the replay (tempo_discarded_spans_total)").isZero();
    assertThat(tempo.ownCounter("tempo_distributor_spans_received_total") - tempoReceivedBefore)
        .as("spans Tempo received during the replay: three per run at least")
        .isGreaterThanOrEqualTo(3.0 * FullSpeedReplay.RECORDS);
  }

  /**
   * Neither SDK lost a span or a log record to a full queue: their own counts of what they handed to
   * the exporters are whole, and no sample of the replay's window ever counted a drop (over the
   * window, so that a service that has exited and gone stale still counts).
   */
  @Test
  @Order(4)
  void neitherServiceDroppedTelemetry() {
    awaitValue("processor spans handed to its exporter", "sum(processedSpans_total{" + PROCESSOR + ", dropped=\"false\"})",
        FullSpeedReplay.RECORDS);
    awaitValue("producer spans handed to its exporter (ingestion.run and publish)",
        "sum(max_over_time(processedSpans_total{instance=\"" + FullSpeedReplay.PRODUCER_INSTANCE + "\", dropped=\"false\"}["
            + window() + "]))", 2.0 * FullSpeedReplay.RECORDS);
    JsonNode logs = prometheus.instant(
        "sum(processedLogs_total{" + PROCESSOR + ", dropped=\"false\"})", Instant.now()).path("result");
    assertThat(logs.isEmpty() ? 0 : logs.path(0).path("value").path(1).asDouble())
        .as("processor log records handed to its exporter: a run event each, and its own log lines")
        .isGreaterThanOrEqualTo(FullSpeedReplay.RECORDS);
    for (String metric : List.of("processedSpans_total", "processedLogs_total")) {
      JsonNode dropped = prometheus.instant(
          "sum(max_over_time(" + metric + "{" + BOTH + ", dropped=\"true\"}[" + window() + "]))", Instant.now()).path("result");
      assertThat(dropped.isEmpty() ? 0 : dropped.path(0).path("value").path(1).asDouble())
          .as("%s{dropped=\"true\"} of both services", metric).isZero();
    }
  }

  /** From the replay's start to now, in whole minutes: a range that covers all its samples. */
  private String window() {
    return (Duration.between(startedAt, Instant.now()).toMinutes() + 2) + "m";
  }

  private void awaitValue(String what, String query, double expected) {
    AtomicReference<String> last = new AtomicReference<>("no answer yet");
    awaitOrExplain(what + ": " + query + " == " + expected, last,
        () -> value(prometheus.instant(query, Instant.now()), last), expected);
  }

  private void awaitLokiCount(String what, String selection, double expected) {
    AtomicReference<String> last = new AtomicReference<>("no answer yet");
    awaitOrExplain(what + ": " + selection + " == " + expected, last, () -> lokiCount(selection, last), expected);
  }

  /** Waits until {@code value} is {@code expected}; fails at once if it goes past it (counted twice). */
  private static void awaitOrExplain(String what, AtomicReference<String> last, Callable<Double> value, double expected) {
    try {
      await(what).atMost(DATA_TIMEOUT).pollInterval(POLL).pollDelay(Duration.ZERO)
          .failFast(what + ": went past, counted twice", () -> value.call() > expected)
          .until(() -> value.call() == expected);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(what + ": not within " + DATA_TIMEOUT + "; last answer " + last.get(), e);
    }
  }

  private double lokiCount(String selection, AtomicReference<String> last) {
    return value(loki.instant("sum(count_over_time(" + selection + " [" + window() + "]))", Instant.now()), last);
  }

  private static double value(JsonNode data, AtomicReference<String> last) {
    JsonNode result = data.path("result");
    last.set(result.toString());
    return result.isEmpty() ? 0 : result.path(0).path("value").path(1).asDouble();
  }
}
