package io.ingestlens.runtime.otel.backpressure;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import java.util.Collection;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/** A log record exporter whose batches go through a {@link Resender}. */
final class ResendingLogRecordExporter implements LogRecordExporter {

  private final LogRecordExporter delegate;
  private final Resender<LogRecordData> resender;

  private ResendingLogRecordExporter(LogRecordExporter delegate, Resender<LogRecordData> resender) {
    this.delegate = delegate;
    this.resender = resender;
  }

  /** Wraps {@code delegate}; the {@link Resender} made for it goes to {@code made}. */
  static ResendingLogRecordExporter wrap(
      LogRecordExporter delegate,
      InFlight inFlight,
      ExportProblems problems,
      ScheduledExecutorService scheduler,
      Consumer<Resender<?>> made) {
    Resender<LogRecordData> resender = new Resender<>(delegate::export, inFlight, problems, scheduler);
    made.accept(resender);
    return new ResendingLogRecordExporter(delegate, resender);
  }

  @Override
  public CompletableResultCode export(Collection<LogRecordData> logs) {
    return resender.export(logs);
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    resender.shutdown();
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return "ResendingLogRecordExporter{" + delegate + '}';
  }
}
