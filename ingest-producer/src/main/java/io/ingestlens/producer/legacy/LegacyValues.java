package io.ingestlens.producer.legacy;

import static io.ingestlens.producer.legacy.LegacyRejectReason.INVALID_FIELD;
import static io.ingestlens.producer.legacy.LegacyRejectReason.MISSING_FIELD;

import com.fasterxml.jackson.databind.JsonNode;
import io.ingestlens.event.Run;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tolerant conversions of legacy field values. Each method either returns a clean value or throws an
 * {@link InvalidRecordException} whose message names the field.
 */
final class LegacyValues {

  /** Larger durations or CPU times are data errors (and would overflow time arithmetic). */
  static final double MAX_SECONDS = 1e9;

  /** Same bounds as the schema's date-time: four-digit years from the epoch on. */
  static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern STATUS = Pattern.compile("[A-Z0-9_ -]{1,64}");
  private static final Pattern DIACRITICS = Pattern.compile("\\p{M}+");
  private static final Pattern SPACE_BETWEEN_DATE_AND_TIME = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}) (?=\\d)");

  /** The French day-first form, with optional seconds and fraction. */
  private static final DateTimeFormatter DAY_FIRST =
      new DateTimeFormatterBuilder()
          .appendPattern("d/M/uuuu H:mm")
          .optionalStart()
          .appendPattern(":ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .optionalEnd()
          .toFormatter(Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT);

  private LegacyValues() {}

  static boolean isAbsent(JsonNode node) {
    return node == null || node.isNull() || (node.isTextual() && node.textValue().isBlank());
  }

  /** A mandatory text field: absent, null or blank is a missing field; numbers are taken as text. */
  static String requiredText(JsonNode record, String field) throws InvalidRecordException {
    JsonNode node = record.get(field);
    if (isAbsent(node)) {
      throw new InvalidRecordException(MISSING_FIELD, field + " is missing");
    }
    return text(node, field);
  }

  /** An optional text field; absent, null or blank gives null. */
  static String optionalText(JsonNode record, String field) throws InvalidRecordException {
    JsonNode node = record.get(field);
    return isAbsent(node) ? null : text(node, field);
  }

  private static String text(JsonNode node, String field) throws InvalidRecordException {
    if (node.isTextual()) {
      return node.textValue().trim();
    }
    if (node.isNumber()) {
      return node.asText();
    }
    throw new InvalidRecordException(INVALID_FIELD, field + " must be text, got " + kind(node));
  }

  /** Free text: kept as written; a number or a JSON structure is kept as its JSON text. */
  static String description(JsonNode record, String field) {
    JsonNode node = record.get(field);
    if (isAbsent(node)) {
      return null;
    }
    return node.isTextual() ? node.textValue() : node.toString();
  }

  /** SUCCESS and FAILED in any case; any other status upper-cased, accents dropped. */
  static String status(JsonNode record, String field) throws InvalidRecordException {
    String raw = requiredText(record, field);
    if (Run.SUCCESS.equalsIgnoreCase(raw)) {
      return Run.SUCCESS;
    }
    if (Run.FAILED.equalsIgnoreCase(raw)) {
      return Run.FAILED;
    }
    String upper =
        DIACRITICS.matcher(Normalizer.normalize(raw, Normalizer.Form.NFD)).replaceAll("").toUpperCase(Locale.ROOT);
    if (!STATUS.matcher(upper).matches()) {
      throw new InvalidRecordException(
          INVALID_FIELD, field + " must be letters, digits, '_', '-' or spaces (at most 64), got " + quote(raw));
    }
    return upper;
  }

  /**
   * A non-negative number of seconds: a JSON number or a numeric string with '.' or ',' as decimal
   * separator. Absent gives null.
   */
  static Double seconds(JsonNode record, String field) throws InvalidRecordException {
    JsonNode node = record.get(field);
    if (node != null && (node.isDouble() || node.isInt() || node.isLong() || node.isFloat())) {
      // The common case, without BigDecimal: a plain JSON number.
      double seconds = node.doubleValue();
      if (seconds >= 0 && seconds <= MAX_SECONDS) {
        return seconds;
      }
    }
    BigDecimal value = decimal(node, field);
    if (value == null) {
      return null;
    }
    double seconds = value.doubleValue();
    if (seconds > MAX_SECONDS) {
      throw new InvalidRecordException(INVALID_FIELD, field + " is out of range: " + quote(value.toString()));
    }
    return seconds;
  }

  /** A non-negative byte count; a fractional value is rounded (some collectors average samples). */
  static Long bytes(JsonNode record, String field) throws InvalidRecordException {
    JsonNode node = record.get(field);
    if (node != null && (node.isInt() || node.isLong()) && node.longValue() >= 0) {
      return node.longValue();
    }
    BigDecimal value = decimal(node, field);
    if (value == null) {
      return null;
    }
    BigInteger rounded = value.setScale(0, RoundingMode.HALF_UP).toBigIntegerExact();
    if (rounded.bitLength() > 63) {
      throw new InvalidRecordException(INVALID_FIELD, field + " is out of range: " + quote(value.toString()));
    }
    return rounded.longValue();
  }

  private static BigDecimal decimal(JsonNode node, String field) throws InvalidRecordException {
    if (isAbsent(node)) {
      return null;
    }
    BigDecimal value;
    if (node.isNumber()) {
      if (!Double.isFinite(node.doubleValue()) && !node.isBigDecimal() && !node.isBigInteger()) {
        throw new InvalidRecordException(INVALID_FIELD, field + " is not a finite number: " + node.asText());
      }
      value = node.decimalValue();
    } else if (node.isTextual()) {
      value = parseDecimal(node.textValue().trim(), field);
    } else {
      throw new InvalidRecordException(INVALID_FIELD, field + " must be a number, got " + kind(node));
    }
    if (value.signum() < 0) {
      throw new InvalidRecordException(INVALID_FIELD, field + " is negative: " + quote(value.toString()));
    }
    return value;
  }

  private static BigDecimal parseDecimal(String text, String field) throws InvalidRecordException {
    String normalised = text;
    // A lone comma is the French decimal separator; both marks at once are ambiguous.
    if (text.indexOf(',') >= 0 && text.indexOf('.') < 0 && text.indexOf(',') == text.lastIndexOf(',')) {
      normalised = text.replace(',', '.');
    }
    if (!DECIMAL.matcher(normalised).matches()) {
      throw new InvalidRecordException(INVALID_FIELD, field + " is not a number: " + quote(text));
    }
    try {
      BigDecimal value = new BigDecimal(normalised);
      if (Math.abs(value.scale()) > 1000) { // "1e999999999" parses but is not a measurement
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new InvalidRecordException(INVALID_FIELD, field + " is out of range: " + quote(text));
    }
  }

  /**
   * A point in time: ISO-8601 with or without offset and fraction, {@code yyyy-MM-dd HH:mm:ss[.f]}
   * or {@code dd/MM/yyyy HH:mm:ss[.f]}. Times without an offset are read in {@code zone}. Absent gives
   * null.
   */
  static Instant instant(JsonNode record, String field, ZoneId zone) throws InvalidRecordException {
    JsonNode node = record.get(field);
    if (isAbsent(node)) {
      return null;
    }
    if (!node.isTextual()) {
      throw new InvalidRecordException(INVALID_FIELD, field + " must be a date-time text, got " + kind(node));
    }
    String text = node.textValue().trim();
    Instant instant = parseInstant(text, zone);
    if (instant == null) {
      throw new InvalidRecordException(INVALID_FIELD, field + " is not a date-time: " + quote(text));
    }
    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
      throw new InvalidRecordException(INVALID_FIELD, field + " is out of range: " + quote(text));
    }
    return instant;
  }

  static Instant parseInstant(String text, ZoneId zone) {
    Instant fast = FastTimes.parse(text, zone);
    if (fast != null) {
      return fast;
    }
    String iso = SPACE_BETWEEN_DATE_AND_TIME.matcher(text).replaceFirst("$1T");
    try {
      TemporalAccessor parsed =
          DateTimeFormatter.ISO_DATE_TIME.parseBest(
              iso, ZonedDateTime::from, OffsetDateTime::from, LocalDateTime::from);
      return toInstant(parsed, zone);
    } catch (DateTimeParseException e) {
      // not ISO; try the day-first form
    }
    try {
      return LocalDateTime.parse(text, DAY_FIRST).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Instant toInstant(TemporalAccessor parsed, ZoneId zone) {
    if (parsed instanceof ZonedDateTime zoned) {
      return zoned.toInstant();
    }
    if (parsed instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    // A naive local time: DST gaps move forward, overlaps take the earlier offset (java.time rules).
    return ((LocalDateTime) parsed).atZone(zone).toInstant();
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  /** A value quoted for a one-line message, cut so that a huge field cannot flood the output. */
  static String quote(String value) {
    String oneLine = value.replaceAll("[\\r\\n\\t]", " ");
    return "\"" + (oneLine.length() > 64 ? oneLine.substring(0, 61) + "..." : oneLine) + "\"";
  }
}
