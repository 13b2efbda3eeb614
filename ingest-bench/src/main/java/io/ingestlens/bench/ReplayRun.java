package io.ingestlens.bench;

import io.ingestlens.producer.ProducerMain;
import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.ingestlens.runtime.otel.backpressure.TelemetryOverflow;
import io.ingestlens.testkit.OtlpReceiver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The producer replaying a large legacy file exactly as its command line does
 * ({@code replay --file F}), with full telemetry to the receiver: read, map, serialise, one span
 * per run, publish to a topic of its own, flush. With {@code block} it publishes at its exporters'
 * pace, as ProducerMain does.
 */
final class ReplayRun {

  static final String SERVICE_NAME = ProducerMain.SERVICE_NAME;
  static final String THREAD_NAME = "bench-replay";

  private ReplayRun() {}

  /** @param records the records in {@code file}, all valid */
  static CaseResult run(
      String bootstrapServers, Path file, String topic, long records, OtlpReceiver receiver,
      Map<String, String> extraSettings, TelemetryOverflow overflow)
      throws InterruptedException {
    receiver.clear();
    AtomicReference<CaseResult> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    // On a thread of its own, so its CPU is told apart from the rest.
    Thread thread =
        new Thread(
            () -> {
              try {
                result.set(replay(bootstrapServers, file, topic, records, receiver, extraSettings, overflow));
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            THREAD_NAME);
    thread.start();
    thread.join();
    if (failure.get() != null) {
      throw new IllegalStateException("replay failed", failure.get());
    }
    return result.get();
  }

  private static CaseResult replay(
      String bootstrapServers, Path file, String topic, long records, OtlpReceiver receiver,
      Map<String, String> extraSettings, TelemetryOverflow overflow) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ServiceTelemetry telemetry =
        TelemetryProfile.FULL.start(SERVICE_NAME, ProducerMain.LOGGER_NAME, receiver.endpoint(), extraSettings, overflow);
    long start;
    long end;
    ThreadCpu after;
    double drain;
    ThreadCpu before;
    int code;
    try {
      before = ThreadCpu.snapshot();
      start = System.nanoTime();
      code =
          ProducerMain.run(
              new String[] {"replay", "--file", file.toString(), "--topic", topic, "--progress-every", "0"},
              Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers),
              telemetry, // its back-pressure too: with block, publishing waits for the exporters
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      // As ProducerMain, the command is done once what it made is exported: the flush is in the rate.
      long flushStart = System.nanoTime();
      if (!telemetry.flush(Duration.ofSeconds(120))) {
        System.err.println("warning: the replay's telemetry was not flushed within 120 s");
      }
      end = System.nanoTime();
      drain = (end - flushStart) / 1e9;
      after = ThreadCpu.snapshot();
    } finally {
      telemetry.close();
    }
    String summary = out.toString(StandardCharsets.UTF_8).trim();
    if (code != 0 || !summary.contains(records + " published")) {
      throw new IllegalStateException(
          "replay exited with " + code + ": " + summary + " " + err.toString(StandardCharsets.UTF_8).trim());
    }
    return new CaseResult(
        records / ((end - start) / 1e9), records, after.since(before), TelemetryReceived.take(receiver), drain, null,
        after.otherLoadSince(before));
  }
}
