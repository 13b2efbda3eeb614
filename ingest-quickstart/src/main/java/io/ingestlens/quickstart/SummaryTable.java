package io.ingestlens.quickstart;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints the per-source summary as a fixed-width table. */
final class SummaryTable {

  private SummaryTable() {}

  static void print(List<SourceSummary> rows, PrintStream out) {
    String format = "%-20s %6s %9s %12s %15s %14s%n";
    out.printf(Locale.ROOT, format, "source", "runs", "failures", "p95 dur (s)", "max mem (MB)", "traced hops");
    long runs = 0;
    long failures = 0;
    long hops = 0;
    for (SourceSummary r : rows) {
      out.printf(
          Locale.ROOT,
          format,
          r.source(),
          r.runs(),
          r.failures(),
          String.format(Locale.ROOT, "%.2f", r.p95DurationS()),
          String.format(Locale.ROOT, "%.1f", r.maxMemoryBytes() / (1024 * 1024)),
          r.tracesAcrossKafka());
      runs += r.runs();
      failures += r.failures();
      hops += r.tracesAcrossKafka();
    }
    out.printf(Locale.ROOT, format, "total", runs, failures, "", "", hops);
  }
}
