package io.ingestlens.runtime.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one way every command reads a length of time: with units ({@code 500ms}, {@code 30s},
 * {@code 2m}, {@code 1h}, {@code 1d}, combined as {@code 1h30m}), plain seconds ({@code 600},
 * {@code 1.5}) or ISO-8601 ({@code PT30S}). Every duration the commands take is a timeout or a
 * length of run, so it must be more than zero.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

  static final String FORMS = "e.g. 500ms, 30s, 2m, 1h30m, 1d, 600, PT30S";

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
  private static final Pattern SECONDS = Pattern.compile("\\d+(?:\\.\\d+)?");

  @Override
  public Duration convert(String value) {
    Duration duration = parse(value);
    if (duration == null) {
      throw new TypeConversionException("not a duration (" + FORMS + ")");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new TypeConversionException("must be more than zero");
    }
    return duration;
  }

  /** The duration {@code value} spells, or null when it is none of the forms. */
  private static Duration parse(String value) {
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
      return end == text.length() && end > 0 ? total : null;
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
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
