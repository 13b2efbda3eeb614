package io.ingestlens.processor;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Which processed runs get a log record ({@code --run-logs}, INGEST_RUN_LOGS). Metrics count every
 * run either way.
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

  /** {@code all} or {@code sampled}, in any case; the error says what is wrong, the caller where it came from. */
  public static final class Converter implements ITypeConverter<RunLogs> {
    @Override
    public RunLogs convert(String value) {
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "all" -> ALL;
        case "sampled" -> SAMPLED;
        default -> throw new TypeConversionException("must be all or sampled");
      };
    }
  }
}
