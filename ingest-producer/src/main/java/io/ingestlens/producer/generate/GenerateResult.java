package io.ingestlens.producer.generate;

/**
 * The outcome of a generated stream.
 *
 * @param emitted events made
 * @param failedRuns of which runs with status FAILED
 * @param delivered events the sink delivered
 * @param failed events the sink could not deliver
 */
public record GenerateResult(long emitted, long failedRuns, long delivered, long failed) {}
