package io.ingestlens.producer.cli;

import java.time.DateTimeException;
import java.time.ZoneId;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A time zone id such as UTC, Europe/Paris or +02:00. */
public final class ZoneConverter implements ITypeConverter<ZoneId> {

  @Override
  public ZoneId convert(String value) {
    try {
      return ZoneId.of(value.trim());
    } catch (DateTimeException e) {
      throw new TypeConversionException("'" + value + "' is not a time zone (e.g. UTC, Europe/Paris, +02:00)");
    }
  }
}
