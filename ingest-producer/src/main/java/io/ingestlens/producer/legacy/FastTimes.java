package io.ingestlens.producer.legacy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A hand-written parser for the date-time shapes legacy files actually hold:
 * {@code yyyy-MM-dd[T ]HH:mm[:ss[.f]][Z|+HH:mm|+HHmm|+HH]} and {@code d/M/yyyy H:mm[:ss[.f]]}.
 * {@code DateTimeFormatter.parseBest} costs several exceptions per value and was half of a
 * replay's time; this returns null for anything else, and the caller falls back to java.time.
 */
final class FastTimes {

  private FastTimes() {}

  static Instant parse(String text, ZoneId zone) {
    int length = text.length();
    if (length >= 16 && text.charAt(4) == '-') {
      return iso(text, length, zone);
    }
    if (length >= 12 && (text.indexOf('/') == 1 || text.indexOf('/') == 2)) {
      return dayFirst(text, length, zone);
    }
    return null;
  }

  private static Instant iso(String s, int length, ZoneId zone) {
    char separator = s.charAt(10);
    if (s.charAt(7) != '-' || (separator != 'T' && separator != 't' && separator != ' ') || s.charAt(13) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    Cursor cursor = new Cursor(16);
    int[] secondsAndNanos = secondsAndFraction(s, length, cursor);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || secondsAndNanos == null) {
      return null;
    }
    ZoneOffset offset = null;
    if (cursor.at < length) {
      offset = offset(s, cursor.at, length);
      if (offset == null) {
        return null;
      }
    }
    return instant(year, month, day, hour, minute, secondsAndNanos, offset, zone);
  }

  private static Instant dayFirst(String s, int length, ZoneId zone) {
    Cursor cursor = new Cursor(0);
    int day = number(s, length, cursor, 1, 2);
    if (day < 0 || !expect(s, length, cursor, '/')) {
      return null;
    }
    int month = number(s, length, cursor, 1, 2);
    if (month < 0 || !expect(s, length, cursor, '/')) {
      return null;
    }
    int year = number(s, length, cursor, 4, 4);
    if (year < 0 || !expect(s, length, cursor, ' ')) {
      return null;
    }
    int hour = number(s, length, cursor, 1, 2);
    if (hour < 0 || !expect(s, length, cursor, ':')) {
      return null;
    }
    int minute = number(s, length, cursor, 2, 2);
    int[] secondsAndNanos = secondsAndFraction(s, length, cursor);
    if (minute < 0 || secondsAndNanos == null || cursor.at != length) {
      return null;
    }
    return instant(year, month, day, hour, minute, secondsAndNanos, null, zone);
  }

  private static Instant instant(
      int year, int month, int day, int hour, int minute, int[] secondsAndNanos, ZoneOffset offset, ZoneId zone) {
    try {
      LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, secondsAndNanos[0], secondsAndNanos[1]);
      if (offset != null) {
        return local.toInstant(offset);
      }
      return zone instanceof ZoneOffset fixed ? local.toInstant(fixed) : local.atZone(zone).toInstant();
    } catch (DateTimeException e) {
      return null; // month 13, 31 February...: the java.time path refuses it with its own message
    }
  }

  /** Optional {@code :ss} then optional {@code .f} (1 to 9 digits); null when malformed. */
  private static int[] secondsAndFraction(String s, int length, Cursor cursor) {
    int seconds = 0;
    int nanos = 0;
    if (cursor.at < length && s.charAt(cursor.at) == ':') {
      seconds = digits(s, cursor.at + 1, 2);
      if (seconds < 0) {
        return null;
      }
      cursor.at += 3;
      if (cursor.at < length && (s.charAt(cursor.at) == '.' || s.charAt(cursor.at) == ',')) {
        int start = ++cursor.at;
        while (cursor.at < length && isDigit(s.charAt(cursor.at)) && cursor.at - start < 9) {
          nanos = nanos * 10 + (s.charAt(cursor.at++) - '0');
        }
        int count = cursor.at - start;
        if (count == 0 || (cursor.at < length && isDigit(s.charAt(cursor.at)))) {
          return null;
        }
        for (int i = count; i < 9; i++) {
          nanos *= 10;
        }
      }
    }
    return new int[] {seconds, nanos};
  }

  private static ZoneOffset offset(String s, int at, int length) {
    char sign = s.charAt(at);
    if ((sign == 'Z' || sign == 'z') && at + 1 == length) {
      return ZoneOffset.UTC;
    }
    if (sign != '+' && sign != '-') {
      return null;
    }
    int hours = digits(s, at + 1, 2);
    int minutes = 0;
    int rest = length - (at + 3);
    if (rest == 3 && s.charAt(at + 3) == ':') {
      minutes = digits(s, at + 4, 2);
    } else if (rest == 2) {
      minutes = digits(s, at + 3, 2);
    } else if (rest != 0) {
      return null;
    }
    if (hours < 0 || minutes < 0) {
      return null;
    }
    try {
      return sign == '+' ? ZoneOffset.ofHoursMinutes(hours, minutes) : ZoneOffset.ofHoursMinutes(-hours, -minutes);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** Exactly {@code count} digits at {@code at}, or -1. */
  private static int digits(String s, int at, int count) {
    if (at + count > s.length()) {
      return -1;
    }
    int value = 0;
    for (int i = at; i < at + count; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Between {@code min} and {@code max} digits at the cursor, or -1. */
  private static int number(String s, int length, Cursor cursor, int min, int max) {
    int start = cursor.at;
    int value = 0;
    while (cursor.at < length && cursor.at - start < max && isDigit(s.charAt(cursor.at))) {
      value = value * 10 + (s.charAt(cursor.at++) - '0');
    }
    int count = cursor.at - start;
    return count >= min && (cursor.at >= length || !isDigit(s.charAt(cursor.at))) ? value : -1;
  }

  private static boolean expect(String s, int length, Cursor cursor, char c) {
    if (cursor.at < length && s.charAt(cursor.at) == c) {
      cursor.at++;
      return true;
    }
    return false;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static final class Cursor {
    int at;

    Cursor(int at) {
      this.at = at;
    }
  }
}
