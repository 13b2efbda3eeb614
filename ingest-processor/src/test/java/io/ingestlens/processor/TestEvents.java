package io.ingestlens.processor;

import io.ingestlens.event.EventIds;
import io.ingestlens.event.EventJson;
import io.ingestlens.event.Ingested;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.event.Origin;
import io.ingestlens.event.Resources;
import io.ingestlens.event.Run;
import io.ingestlens.event.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Valid events for tests, each with a fresh deterministic id. */
public final class TestEvents {

  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static final long SEED = System.nanoTime();

  private TestEvents() {}

  public static String newId() {
    return EventIds.forGenerated(SEED, SEQUENCE.incrementAndGet());
  }

  /** A run of 30 s that ended {@code endedAgo} ago, with 2.5 s CPU and 64 MiB memory. */
  public static IngestionEvent run(String source, String object, String status, Duration endedAgo) {
    Instant end = Instant.now().minus(endedAgo).truncatedTo(ChronoUnit.MILLIS);
    return run(source, object, status, end.minusSeconds(30), end, "run of " + source + "/" + object);
  }

  public static IngestionEvent run(
      String source, String object, String status, Instant start, Instant end, String description) {
    return new IngestionEvent(
        IngestionEvent.SCHEMA_VERSION,
        newId(),
        IngestionEvent.EVENT_TYPE,
        new Run(status, start, end, Duration.between(start, end).toMillis() / 1000.0, description),
        new Ingested(source, object),
        new Tenant("akonovia", "1-Raw"),
        new Resources(2.5, 64L * 1024 * 1024),
        new Origin(Origin.GENERATE, null, null, null),
        null);
  }

  public static byte[] json(IngestionEvent event) {
    return EventJson.toBytes(event);
  }
}
