package io.ingestlens.runtime.otel;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Keeps metric label values few and clean (docs/telemetry.md, "Metric attributes"): values are cut
 * to 128 characters with control characters removed, and each label admits a fixed number of
 * distinct values, first come first served; later values share {@code _other} ({@code _OTHER} for
 * statuses). A flood of odd sources can then cost a few series, never the metrics backend.
 *
 * <p>The one guard of both services: the producer's published counter and the processor's run
 * metrics. Not thread-safe: each caller guards it under a lock it holds anyway (the processor's
 * run metrics), or one of its own.
 */
public final class LabelGuard {

  public static final int MAX_LENGTH = 128;
  public static final String OTHER = "_other";
  public static final String OTHER_STATUS = "_OTHER";
  public static final String UNKNOWN = "unknown";

  private final Admitted sources;
  private final Admitted statuses;
  private final Admitted companies;
  private final Admitted zones;
  private final int maxPairs;
  private final Map<String, Admitted> objectsBySource = new HashMap<>();
  private int pairs;

  public LabelGuard(int maxSources, int maxPairs, int maxStatuses, int maxCompanies, int maxZones) {
    this.sources = new Admitted(maxSources, OTHER);
    this.statuses = new Admitted(maxStatuses, OTHER_STATUS);
    this.companies = new Admitted(maxCompanies, OTHER);
    this.zones = new Admitted(maxZones, OTHER);
    this.maxPairs = maxPairs;
  }

  /** The caps of the telemetry contract: 64 sources, 512 (source, object) pairs, 16 statuses, 32 companies, 32 zones. */
  public static LabelGuard withContractCaps() {
    return new LabelGuard(64, 512, 16, 32, 32);
  }

  public String source(String raw) {
    return sources.admit(raw);
  }

  /** The object label, counted per (source, object) pair; {@code source} is the guarded source. */
  public String object(String source, String raw) {
    if (OTHER.equals(source)) {
      return OTHER; // objects of sources past the cap would otherwise use up every pair
    }
    Admitted objects = objectsBySource.computeIfAbsent(source, s -> new Admitted(Integer.MAX_VALUE, OTHER));
    String known = objects.known(raw);
    if (known != null) {
      return known;
    }
    String clean = clean(raw);
    if (objects.contains(clean)) {
      return objects.remember(raw, clean);
    }
    if (pairs >= maxPairs) {
      return OTHER;
    }
    pairs++;
    return objects.add(raw, clean);
  }

  public String status(String raw) {
    return statuses.admit(raw);
  }

  /** The company label; {@code unknown} when the event has none. */
  public String company(String raw) {
    return companies.admit(raw);
  }

  public String zone(String raw) {
    return zones.admit(raw);
  }

  /**
   * {@code raw} cut to 128 characters with control characters removed; {@code unknown} when nothing
   * is left. Returns {@code raw} itself when it is already clean (no copy on the hot path).
   */
  public static String clean(String raw) {
    if (raw == null) {
      return UNKNOWN;
    }
    int length = raw.length();
    boolean dirty = length > MAX_LENGTH || length == 0;
    for (int i = 0; i < length && !dirty; i++) {
      dirty = LogText.isUnsafe(raw.charAt(i));
    }
    if (!dirty) {
      return raw;
    }
    StringBuilder out = new StringBuilder(Math.min(length, MAX_LENGTH));
    for (int i = 0; i < length && out.length() < MAX_LENGTH; i++) {
      char c = raw.charAt(i);
      if (!LogText.isUnsafe(c)) {
        out.append(c);
      }
    }
    if (out.length() > 0 && Character.isHighSurrogate(out.charAt(out.length() - 1))) {
      out.setLength(out.length() - 1); // the cut fell inside a surrogate pair
    }
    String cleaned = out.toString().strip();
    return cleaned.isEmpty() ? UNKNOWN : cleaned;
  }

  /** Distinct clean values of one label, plus a bounded memo from raw to clean value. */
  private static final class Admitted {
    private final int cap;
    private final String other;
    private final Set<String> values = new HashSet<>();
    private final Map<String, String> byRaw = new HashMap<>();

    Admitted(int cap, String other) {
      this.cap = cap;
      this.other = other;
    }

    String admit(String raw) {
      String known = known(raw);
      if (known != null) {
        return known;
      }
      String clean = clean(raw);
      if (values.contains(clean)) {
        return remember(raw, clean);
      }
      if (values.size() >= cap) {
        return other;
      }
      return add(raw, clean);
    }

    String known(String raw) {
      return raw == null ? null : byRaw.get(raw);
    }

    boolean contains(String clean) {
      return values.contains(clean);
    }

    String add(String raw, String clean) {
      values.add(clean);
      return remember(raw, clean);
    }

    String remember(String raw, String clean) {
      // Many raw spellings of one clean value must not grow the memo without bound.
      if (raw != null && byRaw.size() < 4 * Math.min(cap, 4096)) {
        byRaw.put(raw, clean);
      }
      return clean;
    }
  }
}
