package io.ingestlens.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Who the data was ingested for.
 *
 * @param company the company (tenant), e.g. akonovia
 * @param zone the storage zone written to, e.g. 1-Raw
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tenant(@JsonProperty("company") String company, @JsonProperty("zone") String zone) {}
