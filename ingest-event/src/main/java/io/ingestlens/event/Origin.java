package io.ingestlens.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where the event was made.
 *
 * @param mode {@code replay} (read from a legacy file) or {@code generate} (live stream)
 * @param file the legacy file name, for a replay
 * @param position array index (from 0) or line number (from 1) of the record in that file
 * @param positionKind {@code index} or {@code line}, saying how to read {@code position}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Origin(
    @JsonProperty("mode") String mode,
    @JsonProperty("file") String file,
    @JsonProperty("position") Long position,
    @JsonProperty("position_kind") String positionKind) {

  public static final String REPLAY = "replay";
  public static final String GENERATE = "generate";
}
