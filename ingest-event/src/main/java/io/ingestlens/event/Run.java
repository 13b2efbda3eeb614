package io.ingestlens.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;

/**
 * The run itself.
 *
 * @param status {@link #SUCCESS}, {@link #FAILED}, or another upper-case status kept from the source
 * @param startedAt start of the run, UTC
 * @param endedAt end of the run, UTC; absent when the legacy record had no end
 * @param durationS duration in seconds, never negative
 * @param description free text from the connector, often the error message
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Run(
    @JsonProperty("status") String status,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("ended_at") Instant endedAt,
    @JsonProperty("duration_s") double durationS,
    @JsonProperty("description") String description) {

  public static final String SUCCESS = "SUCCESS";
  public static final String FAILED = "FAILED";

  public boolean failed() {
    return FAILED.equals(status);
  }

  /** The end of the run, or start plus duration when the record had no end. */
  public Instant effectiveEnd() {
    return endedAt != null ? endedAt : startedAt.plusNanos(Math.round(durationS * 1e9));
  }

  /** The same run moved in time by {@code shift}. */
  public Run shiftedBy(Duration shift) {
    return new Run(
        status, startedAt.plus(shift), endedAt == null ? null : endedAt.plus(shift), durationS, description);
  }
}
