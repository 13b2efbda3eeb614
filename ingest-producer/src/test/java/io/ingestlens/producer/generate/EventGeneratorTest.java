package io.ingestlens.producer.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ingestlens.event.EventIds;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.event.Run;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventGeneratorTest {

  private static final GeneratorProfile PROFILE = GeneratorProfile.builtIn();
  private static final Instant NOW = Instant.parse("2026-01-10T12:00:00.123456Z");
  private static final long MB = 1024 * 1024;

  private static GeneratorKnobs knobs(double failureRate) {
    return new GeneratorKnobs(failureRate, Map.of(), Set.of(), Set.of(), null);
  }

  private static List<IngestionEvent> stream(EventGenerator generator, int count) {
    return LongStream.range(0, count).mapToObj(n -> generator.next(n, NOW)).toList();
  }

  @Test
  void theSameSeedGivesTheSameEventsWithIdsFromSeedAndSequence() {
    List<IngestionEvent> first = stream(new EventGenerator(PROFILE, knobs(0.2), 42), 200);
    List<IngestionEvent> second = stream(new EventGenerator(PROFILE, knobs(0.2), 42), 200);
    List<IngestionEvent> other = stream(new EventGenerator(PROFILE, knobs(0.2), 43), 200);

    assertThat(second).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(first).extracting(IngestionEvent::eventId)
        .containsExactlyElementsOf(LongStream.range(0, 200).mapToObj(n -> EventIds.forGenerated(42, n)).toList());
  }

  @Test
  void runsEndNowAndLastTheirDuration() {
    IngestionEvent event = new EventGenerator(PROFILE, knobs(0), 1).next(0, NOW);

    assertThat(event.run().endedAt()).isEqualTo(NOW);
    assertThat(event.run().startedAt())
        .isEqualTo(NOW.minusNanos(Math.round(event.run().durationS() * 1e9)));
    assertThat(event.origin().mode()).isEqualTo("generate");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.02, 0.2, 0.5, 1.0})
  void failsAtTheConfiguredRateWithinTheBinomialSpread(double rate) {
    int n = 1000;
    long failed =
        stream(new EventGenerator(PROFILE, knobs(rate), 7), n).stream().filter(e -> e.run().failed()).count();

    // Mean n*p, standard deviation sqrt(n*p*(1-p)); the stream is fixed by its seed, so this cannot flake.
    double sd = Math.sqrt(n * rate * (1 - rate));
    assertThat((double) failed).isBetween(n * rate - 4 * sd, n * rate + 4 * sd);
  }

  @Test
  void failedRunsCarryARealisticMessageOfTheirSource() {
    List<IngestionEvent> failures =
        stream(new EventGenerator(PROFILE, knobs(1), 3), 100).stream().filter(e -> e.run().failed()).toList();

    assertThat(failures).isNotEmpty().allSatisfy(e -> assertThat(e.run().description()).isNotBlank());
    assertThat(failures)
        .filteredOn(e -> e.ingested().source().equals("zohobooks"))
        .allSatisfy(e -> assertThat(e.run().description()).contains("429"));
  }

  @Test
  void slowsASourceByItsFactor() {
    GeneratorKnobs slow = new GeneratorKnobs(0, Map.of("Efficy", 5.0), Set.of(), Set.of(), null);
    List<IngestionEvent> normal = stream(new EventGenerator(PROFILE, knobs(0), 11), 300);
    List<IngestionEvent> slowed = stream(new EventGenerator(PROFILE, slow, 11), 300);

    for (int i = 0; i < normal.size(); i++) {
      double factor = normal.get(i).ingested().source().equals("Efficy") ? 5 : 1;
      assertThat(slowed.get(i).run().durationS()).isCloseTo(normal.get(i).run().durationS() * factor,
          org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void neverEmitsASilentSource() {
    GeneratorKnobs silent = new GeneratorKnobs(0.1, Map.of(), Set.of("sharepoint_graph", "Efficy"), Set.of(), null);

    assertThat(stream(new EventGenerator(PROFILE, silent, 5), 1000))
        .extracting(e -> e.ingested().source())
        .doesNotContain("sharepoint_graph", "Efficy")
        .contains("PowerBI", "EasyProjects", "zohobooks");
  }

  @Test
  void makesAHeavySourceExceedTheResourceThresholds() {
    GeneratorKnobs heavy = new GeneratorKnobs(0, Map.of(), Set.of(), Set.of("PowerBI"), null);

    List<IngestionEvent> events = stream(new EventGenerator(PROFILE, heavy, 9), 500);

    assertThat(events).filteredOn(e -> e.ingested().source().equals("PowerBI")).isNotEmpty().allSatisfy(e -> {
      assertThat(e.resources().memoryBytes()).isGreaterThan(150 * MB);
      assertThat(e.resources().cpuTimeS()).isGreaterThan(60);
      assertThat(e.run().durationS()).isGreaterThanOrEqualTo(e.resources().cpuTimeS());
    });
    assertThat(events).filteredOn(e -> !e.ingested().source().equals("PowerBI")).allSatisfy(e -> {
      assertThat(e.resources().memoryBytes()).isLessThan(150 * MB);
      assertThat(e.resources().cpuTimeS()).isLessThan(60);
    });
  }

  @Test
  void concentratesEveryFailureOnTheBurstObject() {
    GeneratorKnobs burst = new GeneratorKnobs(0.3, Map.of(), Set.of(), Set.of(), "EventFactureApplication");

    List<IngestionEvent> events = stream(new EventGenerator(PROFILE, burst, 13), 500);

    assertThat(events).filteredOn(e -> e.run().failed()).hasSizeGreaterThan(50).allSatisfy(e -> {
      assertThat(e.ingested().object()).isEqualTo("EventFactureApplication");
      assertThat(e.ingested().source()).isEqualTo("sharepoint_graph");
    });
    assertThat(events).filteredOn(e -> Run.SUCCESS.equals(e.run().status()))
        .extracting(e -> e.ingested().object()).contains("workspaces", "Contact");
  }

  @Test
  void refusesKnobsNamingUnknownSourcesOrObjects() {
    assertThatThrownBy(() -> new EventGenerator(PROFILE,
        new GeneratorKnobs(0, Map.of(), Set.of("Nope"), Set.of(), null), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown source Nope");
    assertThatThrownBy(() -> new EventGenerator(PROFILE,
        new GeneratorKnobs(0, Map.of("Nope", 2.0), Set.of(), Set.of(), null), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EventGenerator(PROFILE,
        new GeneratorKnobs(0, Map.of(), Set.of(), Set.of("Nope"), null), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EventGenerator(PROFILE,
        new GeneratorKnobs(0, Map.of(), Set.of(), Set.of(), "nope"), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown object nope");
    assertThatThrownBy(() -> new EventGenerator(PROFILE,
        new GeneratorKnobs(0, Map.of(), PROFILE.sources(), Set.of(), null), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every source is silent");
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.1, 1.1, Double.NaN})
  void refusesAFailureRateOutsideZeroToOne(double rate) {
    assertThatThrownBy(() -> knobs(rate)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesSlowSourcesWithAnOptionalFactor() {
    assertThat(GeneratorKnobs.parseSlow("Efficy")).isEqualTo(Map.entry("Efficy", 5.0));
    assertThat(GeneratorKnobs.parseSlow("Efficy:3")).isEqualTo(Map.entry("Efficy", 3.0));
    assertThat(GeneratorKnobs.parseSlow("Efficy:2.5")).isEqualTo(Map.entry("Efficy", 2.5));
    assertThatThrownBy(() -> GeneratorKnobs.parseSlow("Efficy:fast")).isInstanceOf(IllegalArgumentException.class);
  }
}
