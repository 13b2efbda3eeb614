package io.ingestlens.bench;

import io.ingestlens.processor.Processor;
import io.ingestlens.processor.kafka.ConsumerFactory;
import io.ingestlens.runtime.otel.backpressure.TelemetryBackpressure;
import io.ingestlens.processor.ProcessorSettings;
import io.ingestlens.processor.RunLogs;
import io.ingestlens.runtime.otel.MetricsCheckpoint;
import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.ingestlens.runtime.otel.backpressure.TelemetryOverflow;
import io.ingestlens.testkit.OtlpReceiver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One processor run over the whole topic with a fresh consumer group: either set up as
 * ProcessorMain does (the production SDK setup with metric checkpoints) in one of the
 * {@link TelemetryProfile}s with an overflow setting, exporting to the receiver, or with a no-op
 * OpenTelemetry (what the processor costs without telemetry).
 */
final class ProcessorRun {

  static final String SERVICE_NAME = "ingest-processor";
  static final String LOGGER_NAME = "io.ingestlens.processor";
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

  /** Checkpoints every export interval that export nothing: the no-op case's commit cadence. */
  static final MetricsCheckpoint NO_METRICS =
      new MetricsCheckpoint() {
        @Override
        public CompletableResultCode export(CompletableResultCode sendAfter) {
          return CompletableResultCode.ofSuccess();
        }

        @Override
        public Duration interval() {
          return Duration.ofMillis(Long.parseLong(TelemetryProfile.METRIC_EXPORT_INTERVAL_MS));
        }
      };

  private ProcessorRun() {}

  /**
   * @param profile the telemetry profile, or null for {@code OpenTelemetry.noop()}
   * @param overflow block (the processor pauses its polls while its telemetry catches up) or drop
   * @param extraSettings --otel settings applied on top of the profile
   * @param consumerSettings --kafka settings for the processor's clients
   * @param workers the processor's worker threads
   * @param probeMemory take a heap and RSS reading when half the events are handled (it costs a
   *     full GC, so only one run of a case should do it)
   */
  static CaseResult run(
      String bootstrapServers,
      String topic,
      String group,
      long events,
      TelemetryProfile profile,
      TelemetryOverflow overflow,
      OtlpReceiver receiver,
      Map<String, String> extraSettings,
      Map<String, String> consumerSettings,
      int workers,
      boolean probeMemory) {
    receiver.clear();
    ServiceTelemetry telemetry = profile == null ? null
        : profile.startWithCheckpoints(SERVICE_NAME, LOGGER_NAME, receiver.endpoint(), extraSettings, overflow, c -> {});
    OpenTelemetry openTelemetry = telemetry == null ? OpenTelemetry.noop() : telemetry.openTelemetry();
    // As ProcessorMain: offsets committed at metric checkpoints. Without telemetry, the same cadence
    // with nothing to export, so both commit equally often.
    MetricsCheckpoint checkpoint = telemetry == null ? NO_METRICS : telemetry.checkpoint();
    ProcessorSettings settings =
        ProcessorSettings.builder()
            .bootstrapServers(bootstrapServers)
            .topic(topic)
            .groupId(group)
            .kafkaProperties(consumerSettings)
            .runLogs(profile == null ? RunLogs.ALL : profile.runLogs())
            .workers(workers)
            .build();
    long start;
    long first;
    long end;
    ThreadCpu before;
    ThreadCpu after;
    double drain = 0;
    MemoryProbe.Reading memory = null;
    try (Processor processor = telemetry == null
        ? new Processor(settings, openTelemetry, checkpoint, TelemetryBackpressure.none(), ConsumerFactory.kafka())
        : new Processor(settings, telemetry)) {
      processor.start();
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (processor.handledCount() == 0) {
        check(deadline, processor, events, "no batch handled within a minute");
        LockSupport.parkNanos(500_000);
      }
      // The clock starts at the first committed batch: start-up and group join are left out.
      start = System.nanoTime();
      first = processor.handledCount();
      before = ThreadCpu.snapshot();
      long lastCount = first;
      long lastProgress = start;
      while (processor.handledCount() < events) {
        long now = System.nanoTime();
        if (processor.handledCount() != lastCount) {
          lastCount = processor.handledCount();
          lastProgress = now;
        }
        check(lastProgress + STALL_TIMEOUT.toNanos(), processor, events, "made no progress for " + STALL_TIMEOUT.toSeconds() + " s");
        if (probeMemory && memory == null && processor.handledCount() >= events / 2) {
          memory = MemoryProbe.read();
        }
        LockSupport.parkNanos(1_000_000);
      }
      end = System.nanoTime();
      if (telemetry != null) {
        // What is still queued is part of the cost of these events: flush it before the CPU reading.
        long flushStart = System.nanoTime();
        if (!telemetry.flush(FLUSH_TIMEOUT)) {
          System.err.println("warning: telemetry not flushed within " + FLUSH_TIMEOUT);
        }
        drain = (System.nanoTime() - flushStart) / 1e9;
      }
      after = ThreadCpu.snapshot();
    } finally {
      if (telemetry != null) {
        telemetry.close(); // the final metric export carries the processors' drop counts
      }
    }
    long measured = events - first;
    return new CaseResult(
        measured / ((end - start) / 1e9), measured, after.since(before),
        telemetry == null ? null : TelemetryReceived.take(receiver), drain, memory,
        after.otherLoadSince(before));
  }

  private static void check(long deadline, Processor processor, long events, String what) {
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException(
          "processor " + what + ": handled " + processor.handledCount() + " of " + events);
    }
  }
}
