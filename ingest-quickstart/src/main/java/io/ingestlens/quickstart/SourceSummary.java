package io.ingestlens.quickstart;

/**
 * What the quickstart prints for one source, all computed from emitted telemetry.
 *
 * @param source the ingestion.source value
 * @param runs runs counted by ingestion.runs
 * @param failures of which FAILED
 * @param p95DurationS p95 of ingestion.run.duration, interpolated in its buckets as
 *     histogram_quantile does
 * @param maxMemoryBytes the max of ingestion.run.memory
 * @param tracesAcrossKafka traces whose process span is the child of their publish span
 */
record SourceSummary(
    String source, long runs, long failures, double p95DurationS, double maxMemoryBytes, long tracesAcrossKafka) {}
