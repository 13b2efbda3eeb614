package io.ingestlens.producer.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.event.IngestionEvent;
import io.ingestlens.producer.generate.EventGenerator;
import io.ingestlens.producer.generate.GeneratorKnobs;
import io.ingestlens.producer.generate.GeneratorProfile;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LegacyWriterTest {

  @Test
  void theProducersReaderAcceptsEveryRecordAsWritten(@TempDir Path dir) throws Exception {
    EventGenerator generator =
        new EventGenerator(GeneratorProfile.builtIn(), new GeneratorKnobs(0.2, Map.of(), Set.of(), Set.of(), null), 3);
    Path file = dir.resolve("runs.json");
    LegacyWriter.write(file, 500, generator);

    List<IngestionEvent> read = new ArrayList<>();
    List<Rejection> rejected = new ArrayList<>();
    new LegacyReader(ZoneOffset.UTC).read(file, new LegacyRecordHandler() {
      @Override
      public void accept(IngestionEvent event) {
        read.add(event);
      }

      @Override
      public void reject(Rejection rejection) {
        rejected.add(rejection);
      }
    });

    assertThat(rejected).isEmpty();
    assertThat(read).hasSize(500);
    IngestionEvent expected = new EventGenerator(GeneratorProfile.builtIn(),
        new GeneratorKnobs(0.2, Map.of(), Set.of(), Set.of(), null), 3).next(42, LegacyWriter.FIRST_END.plusMillis(250L * 42));
    IngestionEvent actual = read.get(42);
    assertThat(actual.ingested()).isEqualTo(expected.ingested());
    assertThat(actual.run().status()).isEqualTo(expected.run().status());
    assertThat(actual.run().startedAt()).isEqualTo(expected.run().startedAt());
    assertThat(actual.run().effectiveEnd()).isEqualTo(expected.run().effectiveEnd());
    assertThat(actual.resources()).isEqualTo(expected.resources());
    // Every record is distinct, so each has its own event id.
    Set<String> ids = new HashSet<>();
    read.forEach(e -> ids.add(e.eventId()));
    assertThat(ids).hasSize(500);
    assertThat(read).anyMatch(e -> e.run().failed());
  }
}
