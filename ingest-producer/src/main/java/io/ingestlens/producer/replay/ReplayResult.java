package io.ingestlens.producer.replay;

import io.ingestlens.producer.legacy.LegacyRejectReason;
import java.util.Map;

/**
 * The outcome of a replay.
 *
 * @param read records read
 * @param accepted records that became events
 * @param rejectedByReason refused records per reason
 * @param delivered events the sink delivered (acknowledged by the broker)
 * @param failed events the sink could not deliver
 * @param interrupted whether the replay was stopped before the end of the file
 */
public record ReplayResult(
    long read,
    long accepted,
    Map<LegacyRejectReason, Long> rejectedByReason,
    long delivered,
    long failed,
    boolean interrupted) {

  public long rejected() {
    return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
  }
}
