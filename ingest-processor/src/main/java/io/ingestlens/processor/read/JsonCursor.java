package io.ingestlens.processor.read;

import io.ingestlens.processor.telemetry.LogText;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * A strict RFC 8259 JSON reader over UTF-8 bytes, made for one job: reading an event once per
 * Kafka record. Jackson's general-purpose parser spent about half the processor's time per record;
 * this one reads known field names without making strings, hands out label values it has seen
 * before, and parses plain decimals without a detour through {@link Double#parseDouble}.
 *
 * <p>Strict: invalid UTF-8 (overlong forms, surrogates), unescaped control characters, leading
 * zeros, {@code NaN}, trailing commas, a byte order mark, nesting deeper than {@link #MAX_DEPTH}
 * and duplicate names in any object are all refused. Errors name a byte position, never content.
 * Not thread-safe; one cursor per record.
 */
final class JsonCursor {

  static final int MAX_DEPTH = io.ingestlens.event.EventJson.MAX_NESTING_DEPTH;
  static final int MAX_NUMBER_LENGTH = 1000;

  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  private final byte[] in;
  private final int end;
  private int pos;
  private int depth;

  // What the last readNumber() saw.
  private boolean integral;
  private boolean fitsInLong;
  private long longValue;

  JsonCursor(byte[] in) {
    this.in = in;
    this.end = in.length;
  }

  /** Not JSON; the message says where, never what. */
  static final class Malformed extends Exception {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /** The first byte of the next value ({@code { [ " n t f - 0-9}), or -1 at the end of input. */
  int peek() throws Malformed {
    skipWhitespace();
    return pos < end ? in[pos] & 0xff : -1;
  }

  boolean atEnd() {
    skipWhitespace();
    return pos == end;
  }

  /** Consumes the {@code {} that starts an object. */
  void beginObject() throws Malformed {
    expect('{');
    enter();
  }

  /**
   * Moves to the next member of the current object: true when there is one (the cursor is then
   * at its name), false after the closing brace.
   *
   * @param first whether no member of this object was read yet
   */
  boolean nextMember(boolean first) throws Malformed {
    skipWhitespace();
    if (pos >= end) {
      throw malformed("unterminated object");
    }
    byte c = in[pos];
    if (c == '}') {
      pos++;
      depth--;
      return false;
    }
    if (!first) {
      if (c != ',') {
        throw malformed("expected ',' or '}'");
      }
      pos++;
      skipWhitespace();
    }
    if (pos >= end || in[pos] != '"') {
      throw malformed("expected a field name");
    }
    return true;
  }

  /**
   * Reads a member's name and the colon after it. Returns the matching string of {@code known}
   * (the same instance, no copy) or a new string for other names.
   */
  String readName(String[] known) throws Malformed {
    int start = pos + 1;
    int close = plainStringEnd(start);
    String name;
    if (close >= 0) {
      name = match(known, start, close - start);
      if (name == null) {
        name = new String(in, start, close - start, StandardCharsets.ISO_8859_1);
      }
      pos = close + 1;
    } else {
      name = readString();
      for (String k : known) {
        if (k.equals(name)) {
          name = k;
          break;
        }
      }
    }
    skipWhitespace();
    expect(':');
    return name;
  }

  /** Reads a string value. */
  String readString() throws Malformed {
    expect('"');
    int start = pos;
    boolean ascii = true;
    while (true) {
      if (pos >= end) {
        throw malformed("unterminated string");
      }
      int c = in[pos] & 0xff;
      if (c == '"') {
        String s = new String(in, start, pos - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        pos++;
        return s;
      }
      if (c == '\\') {
        pos = start;
        return readEscapedString();
      }
      if (c < 0x20) {
        throw malformed("unescaped control character in a string");
      }
      if (c >= 0x80) {
        ascii = false;
        pos = checkUtf8(pos);
      } else {
        pos++;
      }
    }
  }

  /**
   * Reads a string value that is usually one of {@code candidates}: returns that instance when it
   * is, a new string otherwise.
   */
  String readString(String first, String second) throws Malformed {
    if (pos < end && in[pos] == '"') {
      int start = pos + 1;
      int close = plainStringEnd(start);
      if (close >= 0) {
        int length = close - start;
        if (sameAscii(first, start, length)) {
          pos = close + 1;
          return first;
        }
        if (second != null && sameAscii(second, start, length)) {
          pos = close + 1;
          return second;
        }
      }
    }
    return readString();
  }

  /** Reads a string value through a cache of values seen before (label values repeat). */
  String readString(LabelCache cache) throws Malformed {
    if (pos < end && in[pos] == '"') {
      int start = pos + 1;
      int close = plainStringEnd(start);
      if (close >= 0) {
        pos = close + 1;
        return cache.get(in, start, close - start);
      }
    }
    return readString();
  }

  /** Reads a number; see {@link #integral()}, {@link #fitsInLong()} and {@link #longValue()}. */
  double readNumber() throws Malformed {
    int start = pos;
    if (pos < end && in[pos] == '-') {
      pos++;
    }
    int intStart = pos;
    long mantissa = 0;
    int digits = 0;
    boolean exact = true; // mantissa holds every digit
    if (pos < end && in[pos] == '0') {
      pos++;
      digits = 1;
    } else {
      while (pos < end && isDigit(in[pos])) {
        if (digits < 18) {
          mantissa = mantissa * 10 + (in[pos] - '0');
        } else {
          exact = false;
        }
        digits++;
        pos++;
      }
    }
    if (pos == intStart) {
      throw malformed("invalid number");
    }
    boolean negative = in[start] == '-';
    integral = true;
    fitsInLong = exact;
    longValue = negative ? -mantissa : mantissa;
    int fractionDigits = 0;
    if (pos < end && in[pos] == '.') {
      pos++;
      integral = false;
      int fractionStart = pos;
      while (pos < end && isDigit(in[pos])) {
        if (digits < 18) {
          mantissa = mantissa * 10 + (in[pos] - '0');
          fractionDigits++;
          digits++;
        } else {
          exact = false;
        }
        pos++;
      }
      if (pos == fractionStart) {
        throw malformed("invalid number");
      }
    }
    boolean exponent = false;
    if (pos < end && (in[pos] == 'e' || in[pos] == 'E')) {
      exponent = true;
      integral = false;
      pos++;
      if (pos < end && (in[pos] == '+' || in[pos] == '-')) {
        pos++;
      }
      int exponentStart = pos;
      while (pos < end && isDigit(in[pos])) {
        pos++;
      }
      if (pos == exponentStart) {
        throw malformed("invalid number");
      }
    }
    if (pos < end && !isDelimiter(in[pos])) {
      throw malformed("invalid number");
    }
    if (pos - start > MAX_NUMBER_LENGTH) {
      throw malformed("number longer than " + MAX_NUMBER_LENGTH + " characters");
    }
    if (!integral) {
      fitsInLong = false;
    }
    if (!exponent && exact && mantissa < (1L << 53) && fractionDigits < POWERS_OF_TEN.length) {
      // Both operands are exact doubles: one division is correctly rounded (Clinger's fast path).
      double value = mantissa / POWERS_OF_TEN[fractionDigits];
      return negative ? -value : value;
    }
    return Double.parseDouble(new String(in, start, pos - start, StandardCharsets.ISO_8859_1));
  }

  boolean integral() {
    return integral;
  }

  boolean fitsInLong() {
    return fitsInLong;
  }

  long longValue() {
    return longValue;
  }

  /** Consumes {@code null}. */
  void readNull() throws Malformed {
    literal("null");
  }

  /** Skips any value, still checking it is well-formed and has no duplicate names. */
  void skipValue() throws Malformed {
    int c = peek();
    switch (c) {
      case '{' -> {
        beginObject();
        Set<String> names = null;
        boolean first = true;
        while (nextMember(first)) {
          first = false;
          String name = readName(NO_NAMES);
          if (names == null) {
            names = new HashSet<>();
          }
          if (!names.add(name)) {
            throw duplicate(name);
          }
          skipValue();
        }
      }
      case '[' -> {
        pos++;
        enter();
        skipWhitespace();
        if (pos < end && in[pos] == ']') {
          pos++;
          depth--;
          return;
        }
        while (true) {
          skipValue();
          skipWhitespace();
          if (pos >= end) {
            throw malformed("unterminated array");
          }
          byte next = in[pos++];
          if (next == ']') {
            depth--;
            return;
          }
          if (next != ',') {
            throw malformed("expected ',' or ']'");
          }
        }
      }
      case '"' -> readString();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      case -1 -> throw malformed("missing value");
      default -> {
        if (c == '-' || isDigit((byte) c)) {
          readNumber();
        } else {
          throw malformed("unexpected character");
        }
      }
    }
  }

  Malformed duplicate(String name) {
    return malformed("Duplicate field '" + LogText.sanitize(name, 64) + "'");
  }

  private static final String[] NO_NAMES = {};

  private void enter() throws Malformed {
    if (++depth > MAX_DEPTH) {
      throw new Malformed("nesting depth exceeds " + MAX_DEPTH);
    }
  }

  private void literal(String word) throws Malformed {
    skipWhitespace();
    int n = word.length();
    if (end - pos < n) {
      throw malformed("unexpected end");
    }
    for (int i = 0; i < n; i++) {
      if (in[pos + i] != word.charAt(i)) {
        throw malformed("unexpected character");
      }
    }
    pos += n;
    if (pos < end && !isDelimiter(in[pos])) {
      throw malformed("unexpected character");
    }
  }

  private void expect(char c) throws Malformed {
    if (pos >= end || in[pos] != c) {
      throw malformed("expected '" + c + "'");
    }
    pos++;
  }

  private void skipWhitespace() {
    while (pos < end) {
      byte c = in[pos];
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        pos++;
      } else {
        return;
      }
    }
  }

  /**
   * The position of the closing quote of a string starting at {@code start} that holds only
   * printable ASCII and no escape, or -1 when it holds anything else (the full reader decides).
   */
  private int plainStringEnd(int start) {
    for (int i = start; i < end; i++) {
      int c = in[i];
      if (c == '"') {
        return i;
      }
      if (c == '\\' || c < 0x20) { // c < 0 for non-ASCII bytes
        return -1;
      }
    }
    return -1;
  }

  private String match(String[] known, int start, int length) {
    for (String k : known) {
      if (sameAscii(k, start, length)) {
        return k;
      }
    }
    return null;
  }

  private boolean sameAscii(String s, int start, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (s.charAt(i) != in[start + i]) {
        return false;
      }
    }
    return true;
  }

  /** Validates one UTF-8 sequence starting at {@code p} (RFC 3629); returns the position after it. */
  private int checkUtf8(int p) throws Malformed {
    int c = in[p] & 0xff;
    int length;
    int min2 = 0x80;
    int max2 = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
      length = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      length = 3;
      if (c == 0xe0) {
        min2 = 0xa0; // overlong
      } else if (c == 0xed) {
        max2 = 0x9f; // UTF-16 surrogates
      }
    } else if (c >= 0xf0 && c <= 0xf4) {
      length = 4;
      if (c == 0xf0) {
        min2 = 0x90; // overlong
      } else if (c == 0xf4) {
        max2 = 0x8f; // beyond U+10FFFF
      }
    } else {
      throw malformed("invalid UTF-8");
    }
    if (p + length > end) {
      throw malformed("invalid UTF-8");
    }
    int c2 = in[p + 1] & 0xff;
    if (c2 < min2 || c2 > max2) {
      throw malformed("invalid UTF-8");
    }
    for (int i = 2; i < length; i++) {
      if ((in[p + i] & 0xc0) != 0x80) {
        throw malformed("invalid UTF-8");
      }
    }
    return p + length;
  }

  /** The slow path: a string with escapes. The cursor is just after the opening quote. */
  private String readEscapedString() throws Malformed {
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= end) {
        throw malformed("unterminated string");
      }
      int c = in[pos] & 0xff;
      if (c == '"') {
        pos++;
        return out.toString();
      }
      if (c < 0x20) {
        throw malformed("unescaped control character in a string");
      }
      if (c == '\\') {
        if (pos + 1 >= end) {
          throw malformed("unterminated string");
        }
        byte e = in[pos + 1];
        pos += 2;
        switch (e) {
          case '"' -> out.append('"');
          case '\\' -> out.append('\\');
          case '/' -> out.append('/');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (pos + 4 > end) {
              throw malformed("invalid \\u escape");
            }
            int code = 0;
            for (int i = 0; i < 4; i++) {
              int digit = Character.digit(in[pos + i], 16);
              if (digit < 0) {
                throw malformed("invalid \\u escape");
              }
              code = code << 4 | digit;
            }
            pos += 4;
            out.append((char) code);
          }
          default -> throw malformed("invalid escape");
        }
      } else if (c >= 0x80) {
        int next = checkUtf8(pos);
        out.append(new String(in, pos, next - pos, StandardCharsets.UTF_8));
        pos = next;
      } else {
        out.append((char) c);
        pos++;
      }
    }
  }

  private Malformed malformed(String what) {
    return new Malformed(what + " at byte " + pos);
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isDelimiter(byte c) {
    return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  /**
   * Label values (source, object, company, zone) repeat from event to event: the first one of each
   * spelling is kept and handed out again, so most events make no new strings for them and their
   * hashes (used by the label guard and the metric caches) are computed once. Fill-once and
   * bounded; printable-ASCII values only (others are read normally). Not thread-safe.
   */
  static final class LabelCache {
    private static final int SLOTS = 4096;
    private static final int MAX_KEPT = SLOTS / 2;
    private static final int MAX_LENGTH = 256;
    private final String[] table = new String[SLOTS];
    private int kept;

    String get(byte[] in, int start, int length) {
      if (length > MAX_LENGTH) {
        return new String(in, start, length, StandardCharsets.ISO_8859_1);
      }
      int hash = 0;
      for (int i = 0; i < length; i++) {
        hash = 31 * hash + in[start + i];
      }
      int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
      String known;
      while ((known = table[slot]) != null) {
        if (same(known, in, start, length)) {
          return known;
        }
        slot = (slot + 1) & (SLOTS - 1);
      }
      String value = new String(in, start, length, StandardCharsets.ISO_8859_1);
      if (kept < MAX_KEPT) {
        table[slot] = value;
        kept++;
      }
      return value;
    }

    private static boolean same(String known, byte[] in, int start, int length) {
      if (known.length() != length) {
        return false;
      }
      for (int i = 0; i < length; i++) {
        if (known.charAt(i) != in[start + i]) {
          return false;
        }
      }
      return true;
    }
  }
}
