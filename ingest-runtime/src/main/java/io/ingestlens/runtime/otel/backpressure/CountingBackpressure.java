package io.ingestlens.runtime.otel.backpressure;

import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The {@link TelemetryBackpressure} of a service's SDK ({@link TelemetryOverflow#BLOCK}).
 *
 * <p>The SDK's batch processors and OTLP exporters stay as autoconfigure builds them; this counts
 * the spans and log records between the moment they are handed to the SDK and the end of their
 * export ({@link InFlight}), and sends a batch again while the collector is away
 * ({@link Resender}). The work asks {@link #hasRoomFor} before it makes more (the processor before
 * each poll, the producer before each event) and waits otherwise; the processor commits a record's
 * offset only once {@link #exported} says the telemetry made for it has left.
 *
 * <p>Only the OTLP exporters' batch processors are counted; a signal whose exporter is something
 * else, or {@code none}, never makes anyone wait.
 */
public final class CountingBackpressure implements TelemetryBackpressure {

  /** Gated signals in a fixed order: spans, then log records. */
  private final List<InFlight> signals = new ArrayList<>(2);
  private final List<Resender<?>> resenders = new ArrayList<>(2);
  private final ExportProblems problems;
  private ScheduledExecutorService scheduler;
  private Supplier<CompletableResultCode> flush = CompletableResultCode::ofSuccess;
  private InFlight spans;
  private InFlight logs;

  private CountingBackpressure(String service) {
    this.problems = new ExportProblems(service);
  }

  /**
   * Registers the counting wrappers on an autoconfigure builder when {@code overflow} is
   * {@link TelemetryOverflow#BLOCK}; the returned instance is ready once the SDK is built and
   * {@link #attach attached}.
   */
  public static CountingBackpressure install(
      AutoConfigurationCustomizer builder, String service, TelemetryOverflow overflow) {
    CountingBackpressure backpressure = new CountingBackpressure(service);
    if (overflow == TelemetryOverflow.BLOCK) {
      builder
          .addSpanExporterCustomizer(backpressure::wrapSpanExporter)
          .addSpanProcessorCustomizer(backpressure::wrapSpanProcessor)
          .addLogRecordExporterCustomizer(backpressure::wrapLogExporter)
          .addLogRecordProcessorCustomizer(backpressure::wrapLogProcessor);
    }
    return backpressure;
  }

  /** Gives {@link #flush()} the SDK to flush. */
  public void attach(OpenTelemetrySdk sdk) {
    flush = () -> CompletableResultCode.ofAll(
        List.of(sdk.getSdkTracerProvider().forceFlush(), sdk.getSdkLoggerProvider().forceFlush()));
  }

  @Override
  public int capacity() {
    return signals.stream().mapToInt(InFlight::capacity).min().orElse(Integer.MAX_VALUE);
  }

  @Override
  public boolean hasRoomFor(int items) {
    for (InFlight signal : signals) {
      if (!signal.hasRoomFor(items)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean awaitRoomFor(int items, Duration timeout, String what) throws InterruptedException {
    if (hasRoomFor(items)) {
      return true;
    }
    // What the queues hold goes now: a tail smaller than an export batch would otherwise wait for
    // the batch processor's next tick (5 s for spans) while the work waits for it.
    flush();
    problems.waiting(what, describe());
    long deadline = System.nanoTime() + timeout.toNanos();
    for (InFlight signal : signals) {
      if (!signal.awaitRoomFor(items, Math.max(0, deadline - System.nanoTime()))) {
        return false;
      }
    }
    return hasRoomFor(items);
  }

  @Override
  public Mark mark() {
    return new Mark(spans == null ? 0 : spans.handed(), logs == null ? 0 : logs.handed());
  }

  @Override
  public CompletableResultCode exported(Mark mark) {
    CompletableResultCode spansDone = spans == null ? CompletableResultCode.ofSuccess() : spans.completedUpTo(mark.spans());
    CompletableResultCode logsDone = logs == null ? CompletableResultCode.ofSuccess() : logs.completedUpTo(mark.logs());
    return CompletableResultCode.ofAll(List.of(spansDone, logsDone));
  }

  @Override
  public CompletableResultCode flush() {
    return flush.get();
  }

  @Override
  public boolean awaitExported(Mark mark, Duration timeout, String what) throws InterruptedException {
    CompletableResultCode exported = exported(mark);
    if (exported.isDone()) {
      return true;
    }
    flush();
    problems.waiting(what, describe());
    CountDownLatch done = new CountDownLatch(1);
    exported.whenComplete(done::countDown);
    return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public String describe() {
    if (signals.isEmpty()) {
      return "no telemetry counted";
    }
    List<String> parts = new ArrayList<>(signals.size());
    signals.forEach(s -> parts.add(s.toString()));
    return String.join(", ", parts) + " in flight";
  }

  /**
   * Stops sending failed batches again (a batch waiting for its next send ends as failed); the
   * first step of the telemetry's shutdown, once the work has stopped.
   */
  public void shutdown() {
    resenders.forEach(Resender::shutdown);
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  private SpanExporter wrapSpanExporter(SpanExporter exporter, ConfigProperties config) {
    if (!(exporter instanceof OtlpHttpSpanExporter || exporter instanceof OtlpGrpcSpanExporter)) {
      return exporter;
    }
    spans = new InFlight("spans", config.getInt("otel.bsp.max.queue.size", 2048));
    signals.add(0, spans);
    return ResendingSpanExporter.wrap(exporter, spans, problems, scheduler(), resenders::add);
  }

  private SpanProcessor wrapSpanProcessor(SpanProcessor processor, ConfigProperties config) {
    return spans != null && processor instanceof BatchSpanProcessor ? new CountingSpanProcessor(processor, spans) : processor;
  }

  private LogRecordExporter wrapLogExporter(LogRecordExporter exporter, ConfigProperties config) {
    if (!(exporter instanceof OtlpHttpLogRecordExporter || exporter instanceof OtlpGrpcLogRecordExporter)) {
      return exporter;
    }
    logs = new InFlight("log records", config.getInt("otel.blrp.max.queue.size", 2048));
    signals.add(logs);
    return ResendingLogRecordExporter.wrap(exporter, logs, problems, scheduler(), resenders::add);
  }

  private LogRecordProcessor wrapLogProcessor(LogRecordProcessor processor, ConfigProperties config) {
    return logs != null && processor instanceof BatchLogRecordProcessor ? new CountingLogRecordProcessor(processor, logs) : processor;
  }

  private synchronized ScheduledExecutorService scheduler() {
    if (scheduler == null) {
      scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "otel-export-resend");
        thread.setDaemon(true); // never keeps the JVM up; shutdown() stops it anyway
        return thread;
      });
    }
    return scheduler;
  }
}
