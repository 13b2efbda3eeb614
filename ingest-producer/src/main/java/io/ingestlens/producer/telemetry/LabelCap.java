package io.ingestlens.producer.telemetry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds the distinct values of one metric attribute (docs/telemetry.md): the first {@code max}
 * values pass, later ones become the overflow value, so a bad file cannot explode series counts.
 */
final class LabelCap {

  static final int MAX_LENGTH = 128;

  private final int max;
  private final String overflow;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  LabelCap(int max, String overflow) {
    this.max = max;
    this.overflow = overflow;
  }

  String apply(String value) {
    String cut = value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH) : value;
    if (seen.contains(cut)) {
      return cut;
    }
    synchronized (seen) {
      if (seen.size() < max) {
        seen.add(cut);
        return cut;
      }
    }
    return seen.contains(cut) ? cut : overflow;
  }
}
