package io.ingestlens.bench;

import io.ingestlens.testkit.OtlpReceiver;
import java.util.Map;

/**
 * What the OTLP receiver got from one case's SDK, and what that SDK said of its own queues and
 * exports in its metrics (the final export at shutdown included).
 *
 * @param bytes request bytes per OTLP path ({@link #TRACES}, {@link #METRICS}, {@link #LOGS})
 * @param spans spans that arrived
 * @param logRecords log records that arrived
 * @param processedSpans the batch span processor's {@code processedSpans}, newest value per series
 * @param processedLogs the batch log record processor's {@code processedLogs}, likewise
 * @param failedExports batches the OTLP exporters gave up on ({@code otlp.exporter.exported},
 *     {@code success=false}), in items
 */
record TelemetryReceived(
    Map<String, Long> bytes,
    long spans,
    long logRecords,
    Map<String, Long> processedSpans,
    Map<String, Long> processedLogs,
    long failedExports) {

  static final String TRACES = "/v1/traces";
  static final String METRICS = "/v1/metrics";
  static final String LOGS = "/v1/logs";

  TelemetryReceived {
    bytes = Map.copyOf(bytes);
    processedSpans = Map.copyOf(processedSpans);
    processedLogs = Map.copyOf(processedLogs);
  }

  /** What arrived since the last call, and the receiver forgets it: call it once the SDK is closed. */
  static TelemetryReceived take(OtlpReceiver receiver) {
    long failed = receiver.counterSeries("otlp.exporter.exported").entrySet().stream()
        .filter(e -> e.getKey().contains("success=false")).mapToLong(Map.Entry::getValue).sum();
    TelemetryReceived received = new TelemetryReceived(
        receiver.bodyBytes(), receiver.spanCount(), receiver.logRecordCount(),
        receiver.counterSeries("processedSpans"), receiver.counterSeries("processedLogs"), failed);
    receiver.clear();
    return received;
  }

  long bytes(String path) {
    return bytes.getOrDefault(path, 0L);
  }

  long totalBytes() {
    return bytes.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Spans the SDK dropped because its queue was full. */
  long droppedSpans() {
    return sum(processedSpans, "dropped=true");
  }

  /** Log records the SDK dropped because its queue was full. */
  long droppedLogs() {
    return sum(processedLogs, "dropped=true");
  }

  /** Spans the SDK handed to its exporter. */
  long handedSpans() {
    return sum(processedSpans, "dropped=false");
  }

  /** Log records the SDK handed to its exporter. */
  long handedLogs() {
    return sum(processedLogs, "dropped=false");
  }

  /** Whether the SDK reported its queues at all: without that, no drop can be ruled out. */
  boolean reportsQueues() {
    return !processedSpans.isEmpty() && !processedLogs.isEmpty();
  }

  /**
   * Nothing lost on the way: the SDK reported its queues, dropped nothing, gave up on no export,
   * and everything it handed to its exporters arrived.
   */
  boolean lossless() {
    return reportsQueues() && droppedSpans() == 0 && droppedLogs() == 0 && failedExports == 0
        && spans >= handedSpans() && logRecords >= handedLogs();
  }

  /** "dropped 12 spans / 40 logs" (and failed exports or missing items, when there are any). */
  String losses() {
    if (!reportsQueues()) {
      return "drops not reported by the SDK";
    }
    StringBuilder text = new StringBuilder(String.format("dropped %,d spans / %,d logs", droppedSpans(), droppedLogs()));
    if (failedExports > 0) {
      text.append(String.format(", %,d items in failed exports", failedExports));
    }
    if (spans < handedSpans() || logRecords < handedLogs()) {
      text.append(String.format(", %,d spans / %,d logs handed over never arrived",
          Math.max(0, handedSpans() - spans), Math.max(0, handedLogs() - logRecords)));
    }
    return text.toString();
  }

  private static long sum(Map<String, Long> series, String attribute) {
    return series.entrySet().stream().filter(e -> e.getKey().contains(attribute)).mapToLong(Map.Entry::getValue).sum();
  }
}
