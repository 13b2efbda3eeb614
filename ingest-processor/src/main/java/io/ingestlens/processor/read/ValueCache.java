package io.ingestlens.processor.read;

/**
 * Label values (source, object, company, zone, status...) repeat from event to event: the first
 * string of each spelling is kept and handed out again, read straight from the parser's character
 * buffer, so most events make no new strings for them and downstream maps see the same instances
 * with their hashes known. Fill-once and bounded; longer values are not kept. Not thread-safe.
 */
final class ValueCache {

  private static final int SLOTS = 4096;
  private static final int MAX_KEPT = SLOTS / 2;
  private static final int MAX_LENGTH = 256;
  private final String[] table = new String[SLOTS];
  private int kept;

  String get(char[] chars, int start, int length) {
    if (length > MAX_LENGTH) {
      return new String(chars, start, length);
    }
    int hash = 0;
    for (int i = 0; i < length; i++) {
      hash = 31 * hash + chars[start + i];
    }
    int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
    String known;
    while ((known = table[slot]) != null) {
      if (same(known, chars, start, length)) {
        return known;
      }
      slot = (slot + 1) & (SLOTS - 1);
    }
    String value = new String(chars, start, length);
    if (kept < MAX_KEPT) {
      table[slot] = value;
      kept++;
    }
    return value;
  }

  private static boolean same(String known, char[] chars, int start, int length) {
    if (known.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (known.charAt(i) != chars[start + i]) {
        return false;
      }
    }
    return true;
  }
}
