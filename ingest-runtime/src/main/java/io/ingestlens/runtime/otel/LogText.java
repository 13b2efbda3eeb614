package io.ingestlens.runtime.otel;

/**
 * Makes untrusted text safe to echo in a log line or a header: control characters and Unicode line
 * separators become spaces, so a description cannot forge log lines, and the length is capped.
 */
public final class LogText {

  /** Longest log body kept; a longer description is cut and marked. */
  public static final int MAX_BODY_CHARS = 8 * 1024;

  public static final String TRUNCATED_MARK = " [truncated]";

  private LogText() {}

  /** {@code text} with unsafe characters replaced and cut to {@code maxChars} (plus a mark). */
  public static String sanitize(String text, int maxChars) {
    int length = text.length();
    int limit = Math.min(length, maxChars);
    int firstBad = -1;
    for (int i = 0; i < limit; i++) {
      if (isUnsafe(text.charAt(i))) {
        firstBad = i;
        break;
      }
    }
    if (firstBad < 0 && length <= maxChars) {
      return text; // the common case: nothing to copy
    }
    int end = cutPoint(text, limit);
    StringBuilder out = new StringBuilder(end + TRUNCATED_MARK.length());
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      out.append(isUnsafe(c) ? ' ' : c);
    }
    if (end < length) {
      out.append(TRUNCATED_MARK);
    }
    return out.toString();
  }

  /** Cuts before {@code limit}, never between the two halves of a surrogate pair. */
  static int cutPoint(String text, int limit) {
    if (limit > 0 && limit < text.length() && Character.isHighSurrogate(text.charAt(limit - 1))) {
      return limit - 1;
    }
    return limit;
  }

  public static boolean isUnsafe(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
  }
}
