package io.ingestlens.runtime.otel.backpressure;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;

/** Counts each log record into {@link InFlight}, then leaves it to the batch processor. */
final class CountingLogRecordProcessor implements LogRecordProcessor {

  private final LogRecordProcessor batch;
  private final InFlight inFlight;

  CountingLogRecordProcessor(LogRecordProcessor batch, InFlight inFlight) {
    this.batch = batch;
    this.inFlight = inFlight;
  }

  @Override
  public void onEmit(Context context, ReadWriteLogRecord logRecord) {
    inFlight.handedOne();
    batch.onEmit(context, logRecord);
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
    return "CountingLogRecordProcessor{" + batch + '}';
  }
}
