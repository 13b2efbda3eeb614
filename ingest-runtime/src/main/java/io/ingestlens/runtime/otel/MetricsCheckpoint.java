package io.ingestlens.runtime.otel;

import io.opentelemetry.sdk.common.CompletableResultCode;
import java.time.Duration;

/**
 * A metric export the caller drives: everything recorded before {@link #export()} returns is in
 * that export. A consumer commits its offsets once the export has completed, so what the
 * committed offsets cover is exactly what the exported counters counted (see
 * {@link ServiceTelemetry.Builder#metricCheckpoints()}).
 */
@FunctionalInterface
public interface MetricsCheckpoint {

  /**
   * Collects every metric now, on the calling thread, and hands the result to the exporters once
   * {@code sendAfter} has completed (the processor: once the spans and log records of the same
   * records have been exported, so a crash in between does not leave counters that went out for
   * records whose logs did not). If {@code sendAfter} fails, nothing is sent and the export fails.
   * The returned result completes (success or failure) once the exporters are done with it; the
   * call itself never waits.
   */
  CompletableResultCode export(CompletableResultCode sendAfter);

  /** {@link #export(CompletableResultCode)} with nothing to wait for. */
  default CompletableResultCode export() {
    return export(CompletableResultCode.ofSuccess());
  }

  /** How often the caller should export ({@code otel.metric.export.interval}); zero: as often as it likes. */
  default Duration interval() {
    return Duration.ZERO;
  }

  /** Exports nothing and succeeds at once: commit as soon as the work is done. */
  static MetricsCheckpoint immediate() {
    return sendAfter -> CompletableResultCode.ofSuccess();
  }
}
