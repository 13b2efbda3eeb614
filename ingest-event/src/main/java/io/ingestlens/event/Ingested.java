package io.ingestlens.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What was ingested.
 *
 * @param source the source system or connector, e.g. PowerBI, sharepoint_graph
 * @param object the object pulled from it, e.g. workspaces, EventFactureApplication
 */
public record Ingested(@JsonProperty("source") String source, @JsonProperty("object") String object) {}
