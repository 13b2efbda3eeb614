package io.ingestlens.runtime.otel.backpressure;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/** A span exporter whose batches go through a {@link Resender}. */
final class ResendingSpanExporter implements SpanExporter {

  private final SpanExporter delegate;
  private final Resender<SpanData> resender;

  private ResendingSpanExporter(SpanExporter delegate, Resender<SpanData> resender) {
    this.delegate = delegate;
    this.resender = resender;
  }

  /** Wraps {@code delegate}; the {@link Resender} made for it goes to {@code made}. */
  static ResendingSpanExporter wrap(
      SpanExporter delegate,
      InFlight inFlight,
      ExportProblems problems,
      ScheduledExecutorService scheduler,
      Consumer<Resender<?>> made) {
    Resender<SpanData> resender = new Resender<>(delegate::export, inFlight, problems, scheduler);
    made.accept(resender);
    return new ResendingSpanExporter(delegate, resender);
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    return resender.export(spans);
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
    return "ResendingSpanExporter{" + delegate + '}';
  }
}
