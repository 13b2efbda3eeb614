package io.ingestlens.producer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ingestlens.event.EventIds;
import io.ingestlens.event.EventJson;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.producer.legacy.LegacyReader;
import io.ingestlens.producer.legacy.LegacyRecordHandler;
import io.ingestlens.producer.legacy.Rejection;
import io.ingestlens.producer.support.Cli;
import io.ingestlens.producer.support.EventSchema;
import io.ingestlens.producer.support.Samples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, without Kafka: --dry-run writes the events to standard output. */
class DryRunCliTest {

  private static final String LOGS = Samples.logsJson().toString();

  @TempDir Path dir;

  private static List<IngestionEvent> events(Cli.Result result) {
    return result.outLines().stream().map(DryRunCliTest::parse).toList();
  }

  private static IngestionEvent parse(String line) {
    try {
      return EventJson.mapper().readValue(line, IngestionEvent.class); // the whole model, extra included
    } catch (IOException e) {
      throw new UncheckedIOException("not an event: " + line, e);
    }
  }

  private static List<IngestionEvent> readDirectly(Path file) throws Exception {
    List<IngestionEvent> events = new ArrayList<>();
    new LegacyReader(ZoneId.of("UTC")).read(file, new LegacyRecordHandler() {
      @Override
      public void accept(IngestionEvent event) {
        events.add(event);
      }

      @Override
      public void reject(Rejection rejection) {}
    });
    return events;
  }

  @Test
  void dryRunPrintsOnlySchemaValidJsonLinesOnStandardOutput() throws Exception {
    Cli.Result result = Cli.run("replay", "--file", LOGS, "--dry-run");

    assertThat(result.code()).isZero();
    assertThat(result.outLines()).hasSize(432).allSatisfy(line -> {
      JsonNode node = EventJson.mapper().readTree(line);
      assertThat(node.isObject()).isTrue();
      assertThat(EventSchema.validate(node)).isEmpty();
    });
    assertThat(result.errLines()).containsExactly("replay logs.json: 432 read, 432 written, 0 rejected");
  }

  @Test
  void replayIsTheDefaultCommand() {
    Cli.Result implicit = Cli.run("--file", LOGS, "--dry-run");
    Cli.Result explicit = Cli.run("replay", "--file", LOGS, "--dry-run");

    assertThat(implicit.code()).isZero();
    assertThat(implicit.out()).isEqualTo(explicit.out());
  }

  @Test
  void theSampleHoldsRealisticRunsOfEverySource() {
    List<IngestionEvent> events = events(Cli.run("--file", LOGS, "--dry-run"));

    assertThat(events).extracting(e -> e.ingested().source()).containsOnly(
        "PowerBI", "Efficy", "sharepoint_graph", "EasyProjects", "zohobooks");
    assertThat(events).filteredOn(e -> e.run().failed()).hasSizeBetween(3, 5)
        .anySatisfy(e -> assertThat(e.ingested().object()).isEqualTo("EventFactureApplication"))
        .allSatisfy(e -> assertThat(e.run().description()).isNotBlank());
    assertThat(events).allSatisfy(e -> {
      assertThat(e.tenant().company()).isEqualTo("akonovia");
      assertThat(e.tenant().zone()).isEqualTo("1-Raw");
    });
    Instant first = events.stream().map(e -> e.run().startedAt()).min(Instant::compareTo).orElseThrow();
    Instant last = events.stream().map(e -> e.run().effectiveEnd()).max(Instant::compareTo).orElseThrow();
    assertThat(Duration.between(first, last)).isBetween(Duration.ofHours(20), Duration.ofHours(28));
  }

  @Test
  void reportsEachRejectedRecordOnOneLineAndStillWritesTheRest() throws Exception {
    Path file = Files.writeString(dir.resolve("mixed.json"), """
        [
          {"Etat": "SUCCESS", "Source": "PowerBI", "Objet": "workspaces", "Debut": "2025-09-15 10:00:00", "Duree secondes": 1.2},
          {"Etat": "SUCCESS", "Objet": "workspaces", "Debut": "2025-09-15 10:00:00", "Duree secondes": 1.2},
          42,
          {"Etat": "FAILED", "Source": "Efficy", "Objet": "Contact", "Debut": "hier", "Duree secondes": 1.2},
          {"Etat": "SUCCESS", "Source": "Efficy", "Objet": "Contact", "Debut": "2025-09-15 10:00:00", "Fin": "2025-09-15 09:00:00"},
          {"Etat": "failed", "Source": "Efficy", "Objet": "Contact", "Debut": "15/09/2025 11:00:00", "Duree secondes": "3,5", "id": 7}
        ]
        """);

    Cli.Result result = Cli.run("--file", file.toString(), "--dry-run");
    Cli.Result strict = Cli.run("--file", file.toString(), "--dry-run", "--strict");

    assertThat(result.code()).isZero();
    assertThat(strict.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(events(result)).extracting(e -> e.origin().position()).containsExactly(0L, 5L);
    assertThat(events(result).get(1).extra()).containsKey("id");
    assertThat(result.errLines()).containsExactly(
        "rejected mixed.json index 1: missing_field: Source is missing",
        "rejected mixed.json index 2: not_an_object: a JSON number, not an object",
        "rejected mixed.json index 3: invalid_field: Debut is not a date-time: \"hier\"",
        "rejected mixed.json index 4: invalid_time_range: Fin 2025-09-15T09:00:00Z is before Debut 2025-09-15T10:00:00Z",
        "replay mixed.json: 6 read, 2 written, 4 rejected "
            + "(not_an_object 1, missing_field 1, invalid_field 1, invalid_time_range 1)");
  }

  @Test
  void readsJsonLinesWithLineNumbers() throws Exception {
    Path file = Files.writeString(dir.resolve("runs.jsonl"), """
        {"Etat": "SUCCESS", "Source": "PowerBI", "Objet": "workspaces", "Debut": "2025-09-15T10:00:00Z", "Duree secondes": 1.2}

        {"Etat": "SUCCESS", "Source": "PowerBI", "Objet": "workspaces", "Debut": "2025-09-15T10:00:00Z"
        {"Etat": "SUCCESS", "Source": "PowerBI", "Objet": "datasets", "Debut": "2025-09-15T11:00:00Z", "Fin": "2025-09-15T11:00:02Z"}
        """);

    Cli.Result result = Cli.run("--file", file.toString(), "--dry-run");

    assertThat(events(result)).extracting(e -> e.origin().position()).containsExactly(1L, 4L);
    assertThat(events(result).get(1).run().durationS()).isEqualTo(2.0);
    assertThat(result.errLines()).hasSize(2)
        .first().asString().startsWith("rejected runs.jsonl line 3: invalid_json: not valid JSON");
  }

  @Test
  void rebaseMovesTheNewestRunToNowAndKeepsTheSpacing() throws Exception {
    List<IngestionEvent> original = readDirectly(Samples.logsJson());
    Instant before = Instant.now();

    List<IngestionEvent> rebased = events(Cli.run("--file", LOGS, "--dry-run", "--rebase-time"));

    Instant after = Instant.now();
    Instant newestEnd = rebased.stream().map(e -> e.run().effectiveEnd()).max(Instant::compareTo).orElseThrow();
    assertThat(newestEnd).isBetween(before, after);
    Duration shift = Duration.between(original.get(0).run().startedAt(), rebased.get(0).run().startedAt());
    assertThat(rebased).hasSameSizeAs(original);
    IntStream.range(0, original.size()).forEach(i -> {
      assertThat(rebased.get(i).run().startedAt()).isEqualTo(original.get(i).run().startedAt().plus(shift));
      assertThat(rebased.get(i).run().endedAt()).isEqualTo(original.get(i).run().endedAt().plus(shift));
      assertThat(rebased.get(i).eventId()).isEqualTo(original.get(i).eventId());
    });
  }

  @Test
  void readsNaiveTimesInTheGivenZone() {
    IngestionEvent utc = events(Cli.run("--file", LOGS, "--dry-run")).get(0);
    IngestionEvent paris = events(Cli.run("--file", LOGS, "--dry-run", "--zone", "Europe/Paris")).get(0);

    assertThat(Duration.between(paris.run().startedAt(), utc.run().startedAt())).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void printsProgressOnStandardError() {
    Cli.Result result = Cli.run("--file", LOGS, "--dry-run", "--progress-every", "100");

    assertThat(result.errLines()).filteredOn(l -> l.contains("progress")).hasSize(4)
        .first().asString().startsWith("replay logs.json progress: 100 read, 100 written, 0 rejected");
    assertThat(result.outLines()).hasSize(432);
  }

  @Test
  void generateWithAFixedSeedGivesTheConfiguredFailureShareAndReproducibleIds() {
    String[] args = {"generate", "--file", LOGS, "--dry-run", "--rate", "0", "--count", "1000",
        "--failure-rate", "0.2", "--seed", "42"};

    Cli.Result first = Cli.run(args);
    Cli.Result second = Cli.run(args);

    assertThat(first.code()).isZero();
    List<IngestionEvent> events = events(first);
    assertThat(events).hasSize(1000);
    long failed = events.stream().filter(e -> e.run().failed()).count();
    double sd = Math.sqrt(1000 * 0.2 * 0.8);
    assertThat((double) failed).isBetween(200 - 4 * sd, 200 + 4 * sd);
    assertThat(events).extracting(IngestionEvent::eventId).containsExactlyElementsOf(
        IntStream.range(0, 1000).mapToObj(n -> EventIds.forGenerated(42, n)).toList());
    assertThat(events(second)).extracting(e -> e.withRun(null)).containsExactlyElementsOf(
        events.stream().map(e -> e.withRun(null)).toList());
    assertThat(first.outLines()).allSatisfy(line -> assertThat(EventSchema.validate(EventJson.mapper().readTree(line))).isEmpty());
    assertThat(first.errLines()).containsExactly(
        "generate: seed 42, failure rate 0.2000",
        "generate: " + 1000 + " events (" + failed + " failed runs), 1000 written");
  }

  @Test
  void generateStopsAfterTheDuration() {
    Cli.Result result = Cli.run("generate", "--file", LOGS, "--dry-run", "--rate", "10", "--duration", "300ms");

    assertThat(result.code()).isZero();
    // Event n is due n/rate after the start: within 300 ms at 10 per second, at most events 0, 1, 2.
    assertThat(result.outLines()).hasSizeLessThanOrEqualTo(3);
  }

  @Test
  void generateFallsBackToTheBuiltInProfileWhenTheDefaultSampleIsAbsent() {
    // The tests run in the module's directory, which has no logs.json (nor has the compose generator).
    Cli.Result result = Cli.run("generate", "--dry-run", "--rate", "0", "--count", "50", "--seed", "1");

    assertThat(result.code()).isZero();
    assertThat(result.outLines()).hasSize(50);
    assertThat(result.errLines()).first().asString().isEqualTo("generate: no logs.json here, using the built-in profile");
  }

  @Test
  void generateTakesItsDefaultFailureRateFromTheSample() {
    Cli.Result result = Cli.run("generate", "--file", LOGS, "--dry-run", "--rate", "0", "--count", "1", "--seed", "1");

    assertThat(result.errLines().get(0)).isEqualTo(String.format("generate: seed 1, failure rate %.4f", 4 / 432.0));
  }
}
