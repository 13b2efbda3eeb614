package io.ingestlens.runtime.otel.backpressure;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Counts each sampled span into {@link InFlight} when it starts, then leaves it to the batch
 * processor. At start, not at end: a span still open (a Kafka publish waiting for its
 * acknowledgement) will reach the queue too, so it must already count against the room left.
 * Only sampled spans: the batch processor drops the others at end.
 */
final class CountingSpanProcessor implements SpanProcessor {

  private final SpanProcessor batch;
  private final InFlight inFlight;

  CountingSpanProcessor(SpanProcessor batch, InFlight inFlight) {
    this.batch = batch;
    this.inFlight = inFlight;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    if (span.getSpanContext().isSampled()) {
      inFlight.handedOne();
    }
    if (batch.isStartRequired()) {
      batch.onStart(parentContext, span);
    }
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    batch.onEnd(span);
  }

  @Override
  public boolean isEndRequired() {
    return batch.isEndRequired();
  }

  @Override
  public CompletableResultCode shutdown() {
    return batch.shutdown();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return batch.forceFlush();
  }

  @Override
  public String toString() {
    return "CountingSpanProcessor{" + batch + '}';
  }
}
