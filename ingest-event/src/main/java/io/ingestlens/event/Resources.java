package io.ingestlens.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the run consumed; each value is absent when the legacy record did not say.
 *
 * @param cpuTimeS CPU time in seconds
 * @param memoryBytes memory used in bytes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Resources(
    @JsonProperty("cpu_time_s") Double cpuTimeS, @JsonProperty("memory_bytes") Long memoryBytes) {}
