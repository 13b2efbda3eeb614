package io.ingestlens.producer.telemetry;

import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.ingestlens.runtime.otel.backpressure.TelemetryBackpressure;
import io.opentelemetry.api.OpenTelemetry;

/**
 * What publishing needs of an SDK: where spans and metrics go, and what tells publishing to wait
 * while the exporters catch up.
 */
public record TelemetryHandle(OpenTelemetry openTelemetry, TelemetryBackpressure backpressure) {

  /** An SDK (or a no-op) that never makes publishing wait: tests, previews. */
  public static TelemetryHandle of(OpenTelemetry openTelemetry) {
    return new TelemetryHandle(openTelemetry, TelemetryBackpressure.none());
  }

  /** A service's SDK, with the back-pressure its overflow setting gave it. */
  public static TelemetryHandle of(ServiceTelemetry telemetry) {
    return new TelemetryHandle(telemetry.openTelemetry(), telemetry.backpressure());
  }
}
