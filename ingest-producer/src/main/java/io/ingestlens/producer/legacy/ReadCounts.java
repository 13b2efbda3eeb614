package io.ingestlens.producer.legacy;

/**
 * What one pass over a legacy file found.
 *
 * @param read records seen (array elements or non-blank lines)
 * @param accepted records that became events
 * @param rejected records refused
 */
public record ReadCounts(long read, long accepted, long rejected) {}
