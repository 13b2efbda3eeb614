package io.ingestlens.producer.generate;

/**
 * One typical run the generator draws from, usually a successful run of the sample file.
 *
 * @param source source system
 * @param object object ingested
 * @param company company, may be null
 * @param zone zone, may be null
 * @param durationS duration in seconds
 * @param cpuTimeS CPU time in seconds
 * @param memoryBytes memory in bytes
 * @param description the run's description, may be null
 */
public record Prototype(
    String source,
    String object,
    String company,
    String zone,
    double durationS,
    double cpuTimeS,
    long memoryBytes,
    String description) {}
