package io.ingestlens.producer.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as ISO-8601 ({@code PT10M}), with units ({@code 10m}, {@code 1h30m}, {@code 500ms}) or plain seconds. */
public final class DurationConverter implements ITypeConverter<Duration> {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
  private static final Pattern SECONDS = Pattern.compile("\\d+(?:\\.\\d+)?");

  @Override
  public Duration convert(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (text.startsWith("p")) {
        return Duration.parse(text.toUpperCase(Locale.ROOT));
      }
      if (SECONDS.matcher(text).matches()) {
        return nanos(new BigDecimal(text), 1_000_000_000L);
      }
      Matcher part = PART.matcher(text);
      Duration total = Duration.ZERO;
      int end = 0;
      while (part.find() && part.start() == end) {
        total = total.plus(nanos(new BigDecimal(part.group(1)), unitNanos(part.group(2))));
        end = part.end();
      }
      if (end == text.length() && end > 0) {
        return total;
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      // reported below
    }
    throw new TypeConversionException("'" + value + "' is not a duration (e.g. 30s, 10m, 1h30m, PT10M, 600)");
  }

  private static Duration nanos(BigDecimal amount, long unitNanos) {
    return Duration.ofNanos(amount.multiply(BigDecimal.valueOf(unitNanos)).longValueExact());
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> 86_400_000_000_000L;
    };
  }
}
