package io.ingestlens.producer.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ingestlens.event.EventIds;
import io.ingestlens.event.EventJson;
import io.ingestlens.producer.support.Cli;
import io.ingestlens.producer.support.EventSchema;
import io.ingestlens.producer.support.Samples;
import io.ingestlens.testkit.KafkaBroker;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Publishing to a real broker in this JVM. */
class KafkaPublishingTest {

  @RegisterExtension
  static final KafkaBroker KAFKA = new KafkaBroker();

  @TempDir Path dir;

  private Cli.Result produce(String... args) {
    return Cli.run(OpenTelemetry.noop(), Map.of("KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers()), args);
  }

  private static JsonNode body(ConsumerRecord<String, byte[]> record) throws Exception {
    return EventJson.mapper().readTree(record.value());
  }

  @Test
  void replayPutsExactlyTheValidRecordsOnTheTopicKeyedBySourceAndObject() throws Exception {
    Cli.Result result = produce("replay", "--file", Samples.logsJson().toString(), "--topic", "replay-sample");

    assertThat(result.code()).isZero();
    assertThat(result.outLines()).containsExactly("replay logs.json: 432 read, 432 published, 0 rejected");
    List<ConsumerRecord<String, byte[]>> records = KAFKA.readToEnd("replay-sample");
    assertThat(records).hasSize(432);
    List<String> expectedIds = new ArrayList<>();
    EventJson.mapper().readTree(Samples.logsJson().toFile()).forEach(r -> expectedIds.add(EventIds.forLegacyRecord(r)));
    List<String> ids = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      JsonNode body = body(record);
      assertThat(EventSchema.validate(body)).isEmpty();
      assertThat(record.key()).isEqualTo(body.at("/ingested/source").asText() + "/" + body.at("/ingested/object").asText());
      ids.add(body.get("event_id").asText());
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(expectedIds);
    assertThat(KAFKA.partitionCount("replay-sample")).isEqualTo(3);
  }

  @Test
  void eachSourceAndObjectKeepsItsFileOrderInOnePartitionAndTheSampleSpreadsOverThePartitions() throws Exception {
    produce("replay", "--file", Samples.logsJson().toString(), "--topic", "replay-order");

    List<ConsumerRecord<String, byte[]>> records = KAFKA.readToEnd("replay-order");
    Map<String, List<ConsumerRecord<String, byte[]>>> byKey =
        records.stream().collect(Collectors.groupingBy(ConsumerRecord::key));

    assertThat(byKey).hasSize(18);
    for (List<ConsumerRecord<String, byte[]>> runs : byKey.values()) {
      assertThat(runs).extracting(ConsumerRecord::partition).containsOnly(runs.get(0).partition());
      List<Long> positions = new ArrayList<>();
      for (ConsumerRecord<String, byte[]> run : runs.stream().sorted((a, b) -> Long.compare(a.offset(), b.offset())).toList()) {
        positions.add(body(run).at("/origin/position").asLong());
      }
      assertThat(positions).isSorted();
    }
    // Keyed by source alone, 360 of the 432 runs shared one partition and one stayed empty.
    Map<Integer, Long> perPartition =
        records.stream().collect(Collectors.groupingBy(ConsumerRecord::partition, Collectors.counting()));
    assertThat(perPartition).hasSize(3);
    assertThat(perPartition.values()).allSatisfy(n -> assertThat(n).isLessThan(432 / 2));
  }

  @Test
  void publishesTheGoodRecordsOfABadFileAndReportsEachBadOne() throws Exception {
    Path file = Files.writeString(dir.resolve("mixed.jsonl"), """
        {"Etat": "SUCCESS", "Source": "PowerBI", "Objet": "workspaces", "Debut": "2025-09-15 10:00:00", "Duree secondes": 1.2}
        {"Etat": "SUCCESS", "Source": "PowerBI", "Objet": "workspaces"}
        not json at all
        {"Etat": "FAILED", "Source": "zohobooks", "Objet": "invoices_on", "Debut": "2025-09-15 10:00:00", "Duree secondes": -3}
        ["an", "array"]
        {"Etat": "FAILED", "Source": "zohobooks", "Objet": "invoices_on", "Debut": "2025-09-15 11:00:00", "Duree secondes": "1,84", "Description": "HTTP 429"}
        {"Etat": "SUCCESS", "Source": "Efficy", "Objet": "Contact", "Debut": "2025-09-15T12:00:00Z", "Fin": "2025-09-15T11:00:00Z"}
        """);

    Cli.Result result = produce("--file", file.toString(), "--topic", "replay-mixed");
    Cli.Result strict = produce("--file", file.toString(), "--topic", "replay-mixed-strict", "--strict");

    assertThat(result.code()).isZero();
    assertThat(strict.code()).isEqualTo(1);
    assertThat(result.errLines()).extracting(l -> l.replaceFirst("^(rejected \\S+ line \\d+: [a-z_]+).*$", "$1")).containsExactly(
        "rejected mixed.jsonl line 2: missing_field",
        "rejected mixed.jsonl line 3: invalid_json",
        "rejected mixed.jsonl line 4: invalid_field",
        "rejected mixed.jsonl line 5: not_an_object",
        "rejected mixed.jsonl line 7: invalid_time_range");
    assertThat(result.outLines()).containsExactly("replay mixed.jsonl: 7 read, 2 published, 5 rejected "
        + "(not_an_object 1, invalid_json 1, missing_field 1, invalid_field 1, invalid_time_range 1)");
    List<ConsumerRecord<String, byte[]>> records = KAFKA.readToEnd("replay-mixed");
    List<Long> lines = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      lines.add(body(record).at("/origin/position").asLong());
      assertThat(EventSchema.validate(body(record))).isEmpty();
    }
    assertThat(lines).containsExactlyInAnyOrder(1L, 6L);
  }

  @Test
  void generateWithASeedPublishesTheSameStreamAsItsDryRun() throws Exception {
    String[] common = {"generate", "--file", Samples.logsJson().toString(), "--rate", "0", "--count", "300",
        "--failure-rate", "0.2", "--seed", "5", "--topic", "generated"};
    Cli.Result dryRun = Cli.run(concat(common, "--dry-run"));

    Cli.Result published = produce(common);

    assertThat(published.code()).isZero();
    List<ConsumerRecord<String, byte[]>> records = KAFKA.readToEnd("generated");
    assertThat(records).hasSize(300);
    List<String> ids = new ArrayList<>();
    long failed = 0;
    for (ConsumerRecord<String, byte[]> record : records) {
      JsonNode body = body(record);
      assertThat(EventSchema.validate(body)).isEmpty();
      assertThat(record.key()).isEqualTo(body.at("/ingested/source").asText() + "/" + body.at("/ingested/object").asText());
      ids.add(body.get("event_id").asText());
      failed += "FAILED".equals(body.at("/run/status").asText()) ? 1 : 0;
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(
        IntStream.range(0, 300).mapToObj(n -> EventIds.forGenerated(5, n)).toList());
    long failedInDryRun = dryRun.outLines().stream().filter(l -> l.contains("\"status\":\"FAILED\"")).count();
    assertThat(failed).isEqualTo(failedInDryRun);
    assertThat(published.outLines()).containsExactly("generate: 300 events (" + failed + " failed runs), 300 published");
  }

  @Test
  void createsAMissingTopicWithTheRequestedPartitionsAndTakesTheTopicFromTheEnvironment() {
    Map<String, String> env = Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
        "INGEST_TOPIC", "from-env",
        "INGEST_TOPIC_PARTITIONS", "5");

    Cli.Result result = Cli.run(OpenTelemetry.noop(), env, "--file", Samples.logsJson().toString());

    assertThat(result.code()).isZero();
    assertThat(KAFKA.partitionCount("from-env")).isEqualTo(5);
    assertThat(KAFKA.readToEnd("from-env")).hasSize(432);
  }

  @Test
  void usesAnExistingTopicAsItIs() {
    KAFKA.createTopic("existing", 2);

    Cli.Result result = produce("--file", Samples.logsJson().toString(), "--topic", "existing", "--partitions", "7");

    assertThat(result.code()).isZero();
    assertThat(KAFKA.partitionCount("existing")).isEqualTo(2);
    assertThat(KAFKA.readToEnd("existing")).hasSize(432);
  }

  private static String[] concat(String[] args, String... more) {
    String[] all = new String[args.length + more.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }
}
