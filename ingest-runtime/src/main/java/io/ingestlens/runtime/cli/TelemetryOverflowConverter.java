package io.ingestlens.runtime.cli;

import io.ingestlens.runtime.otel.backpressure.TelemetryOverflow;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --telemetry-overflow} / {@code INGEST_TELEMETRY_OVERFLOW}: {@code block} or {@code drop}, any case. */
public final class TelemetryOverflowConverter implements ITypeConverter<TelemetryOverflow> {

  @Override
  public TelemetryOverflow convert(String value) {
    try {
      return TelemetryOverflow.fromSetting(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("must be block or drop");
    }
  }
}
