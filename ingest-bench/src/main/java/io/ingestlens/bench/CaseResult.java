package io.ingestlens.bench;

import java.util.Map;

/**
 * One run of one case.
 *
 * @param rate events (or records) per second, from the first handled batch to the last
 * @param measured events the rate and CPU figures cover
 * @param cpu CPU spent over the same span (and, with telemetry, until its queues were flushed)
 * @param received what the OTLP receiver got from the case's SDK, final export included; null
 *     for the cases without telemetry
 * @param drainSeconds time to flush the telemetry still queued once the last event was handled
 * @param memory a reading taken half-way, or null
 * @param otherLoad cores' worth of CPU other processes on the machine used meanwhile
 */
record CaseResult(
    double rate,
    long measured,
    Map<ThreadCpu.Group, Long> cpu,
    TelemetryReceived received,
    double drainSeconds,
    MemoryProbe.Reading memory,
    double otherLoad) {

  /** Microseconds of CPU per event in one group. */
  double cpuMicros(ThreadCpu.Group group) {
    return cpu.getOrDefault(group, 0L) / 1e3 / measured;
  }

  /** The service's own CPU per event: its work thread, its telemetry threads, its Kafka clients. */
  double serviceCpuMicros() {
    return cpuMicros(ThreadCpu.Group.POLL) + cpuMicros(ThreadCpu.Group.TELEMETRY)
        + cpuMicros(ThreadCpu.Group.KAFKA_CLIENTS);
  }

  /** The whole process's CPU per event: broker, receiver and GC included. */
  double processCpuMicros() {
    return cpu.values().stream().mapToLong(Long::longValue).sum() / 1e3 / measured;
  }

  double otlpBytesPerEvent() {
    return received == null ? 0 : (double) received.totalBytes() / measured;
  }

  /** True when the case made telemetry and some of it was lost (see {@link TelemetryReceived#lossless()}). */
  boolean lostTelemetry() {
    return received != null && !received.lossless();
  }

  /** Spans the batch span processor dropped because its queue was full. */
  double droppedSpans() {
    return received == null ? 0 : received.droppedSpans();
  }

  /** Log records the batch log record processor dropped because its queue was full. */
  double droppedLogs() {
    return received == null ? 0 : received.droppedLogs();
  }

  double receivedSpans() {
    return received == null ? 0 : received.spans();
  }

  double receivedLogs() {
    return received == null ? 0 : received.logRecords();
  }
}
