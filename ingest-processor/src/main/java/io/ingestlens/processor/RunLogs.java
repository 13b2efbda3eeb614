package io.ingestlens.processor;

import java.util.Locale;

/**
 * Which processed runs get a log record (INGEST_RUN_LOGS). Metrics count every run either way.
 *
 * <p>{@link #SAMPLED} ties logs to trace sampling, for high rates: a successful run whose trace was
 * not sampled is only counted, every other run keeps its log record and, being sampled or FAILED,
 * its trace. At a trace ratio of 0.1 that is about a tenth of the log records and of their export.
 */
public enum RunLogs {
  /** A log record for every processed run (the default). */
  ALL,
  /** A log record for runs whose trace is sampled and for every run that did not succeed. */
  SAMPLED;

  /** Parses {@code all} or {@code sampled} (any case); null or blank means {@link #ALL}. */
  public static RunLogs fromSetting(String value) {
    if (value == null || value.isBlank()) {
      return ALL;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "all" -> ALL;
      case "sampled" -> SAMPLED;
      default -> throw new IllegalArgumentException("INGEST_RUN_LOGS must be all or sampled, got " + value.trim());
    };
  }
}
