package io.ingestlens.runtime.otel.backpressure;

import java.util.Locale;

/**
 * What a service does when spans or log records are made faster than they can be exported
 * ({@code INGEST_TELEMETRY_OVERFLOW}).
 */
public enum TelemetryOverflow {
  /**
   * The work waits for the exporters (the processor pauses its partitions, the producer stops
   * publishing), and a failed export is sent again until it succeeds: nothing the services make is
   * lost, and lag shows the wait. The default.
   */
  BLOCK,
  /** The SDK's own behaviour: full queues drop and count what does not fit; the work never waits. */
  DROP;

  /** {@code block} or {@code drop}, any case. */
  public static TelemetryOverflow fromSetting(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected block or drop, got: " + value);
    }
  }
}
