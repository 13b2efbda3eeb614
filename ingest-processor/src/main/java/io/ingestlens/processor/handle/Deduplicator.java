package io.ingestlens.processor.handle;

import java.util.UUID;

/**
 * Remembers the last {@code window} event ids, so an event Kafka delivers again (at-least-once: after
 * a rebalance, a retry, a replay) is not counted twice. Bounded: once full, the oldest id is
 * forgotten first. A window of 0 turns de-duplication off. Not thread-safe: one per worker.
 *
 * <p>Ids are the events' UUIDs (validated before they get here), kept as two longs in
 * open-addressing arrays: about 26 bytes per id and no allocation per event, where a
 * {@code LinkedHashMap<String, ...>} cost an entry, a string hash and GC work for every record.
 */
final class Deduplicator {

  private final int window;
  private final long[] high;
  private final long[] low;
  /** Hash table of ring positions + 1; 0 marks an empty slot. Linear probing. */
  private final int[] table;
  private final int mask;
  private int next;
  private int size;

  Deduplicator(int window) {
    if (window < 0) {
      throw new IllegalArgumentException("dedup window must be >= 0, got " + window);
    }
    this.window = window;
    this.high = new long[window];
    this.low = new long[window];
    int capacity = Integer.highestOneBit(Math.max(2, window) * 2 - 1) << 1; // load factor <= 0.5
    this.table = new int[window == 0 ? 0 : capacity];
    this.mask = capacity - 1;
  }

  /** True the first time an id is seen within the window; false for a duplicate. */
  boolean firstSeen(String eventId) {
    UUID id = UUID.fromString(eventId);
    return firstSeen(id.getMostSignificantBits(), id.getLeastSignificantBits());
  }

  /** The same, for an id already split into its two halves (as the reader does while validating). */
  boolean firstSeen(long hi, long lo) {
    if (window == 0) {
      return true;
    }
    int slot = home(hi, lo);
    while (table[slot] != 0) {
      int at = table[slot] - 1;
      if (high[at] == hi && low[at] == lo) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    if (size == window) {
      remove(next); // forget the oldest: its ring position is the one about to be reused
      slot = home(hi, lo);
      while (table[slot] != 0) {
        slot = (slot + 1) & mask;
      }
    } else {
      size++;
    }
    high[next] = hi;
    low[next] = lo;
    table[slot] = next + 1;
    next = next + 1 == window ? 0 : next + 1;
    return true;
  }

  int size() {
    return size;
  }

  /** Removes the id at a ring position, shifting later entries of its probe run back. */
  private void remove(int ringPosition) {
    int slot = home(high[ringPosition], low[ringPosition]);
    while (table[slot] != ringPosition + 1) {
      slot = (slot + 1) & mask;
    }
    table[slot] = 0;
    int hole = slot;
    int probe = (slot + 1) & mask;
    while (table[probe] != 0) {
      int at = table[probe] - 1;
      int wanted = home(high[at], low[at]);
      // Move back unless the entry's home lies cyclically in (hole, probe].
      boolean stays = hole <= probe ? (wanted > hole && wanted <= probe) : (wanted > hole || wanted <= probe);
      if (!stays) {
        table[hole] = table[probe];
        table[probe] = 0;
        hole = probe;
      }
      probe = (probe + 1) & mask;
    }
  }

  private int home(long hi, long lo) {
    long h = hi * 0x9E3779B97F4A7C15L ^ lo;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return (int) h & mask;
  }
}
