package io.ingestlens.processor;

import io.ingestlens.event.EventIds;
import io.ingestlens.event.EventJson;
import io.ingestlens.event.Ingested;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.event.Origin;
import io.ingestlens.event.RecordKey;
import io.ingestlens.event.Resources;
import io.ingestlens.event.Run;
import io.ingestlens.event.Tenant;
import io.ingestlens.testkit.KafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Valid events for tests. Ids are deterministic and unique within the test JVM: the n-th event
 * made has the id the generator gives sequence n of seed {@value #SEED}, so no two events of any
 * tests share an id (the processor would take the second for a redelivery).
 */
public final class TestEvents {

  /** A seed of the tests' own; the producer's generator takes the seed from its --seed flag. */
  static final long SEED = 0x7E57;
  private static final AtomicLong SEQUENCE = new AtomicLong();

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

  /** Publishes the events keyed as the producer does ({@link RecordKey}); returns once all are acknowledged. */
  static void publish(KafkaBroker kafka, String topic, List<IngestionEvent> events) {
    kafka.publish(topic, events, RecordKey::of, TestEvents::json);
  }
}
