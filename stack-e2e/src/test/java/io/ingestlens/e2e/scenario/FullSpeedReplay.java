package io.ingestlens.e2e.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ingestlens.e2e.RepoRoot;
import io.ingestlens.e2e.stack.StackEndpoints;
import io.ingestlens.kafka.InProcessKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A large history replayed at full speed, as an operator backfills one: {@code logs.json} (one day,
 * 432 runs, 4 FAILED) and the 119 days before it, each a copy of that day shifted by whole days,
 * so 51,840 runs, 480 FAILED; replayed by the producer with {@code --rebase-time} while the
 * processor consumes. Both services run from their jars with their defaults (telemetry overflow
 * {@code block}) and their own {@code service.instance.id}, so their data can be told apart from
 * anything else the backends hold.
 */
public final class FullSpeedReplay implements AutoCloseable {

  public static final int DAYS = 120;
  public static final int RECORDS = 432 * DAYS;
  private static final DateTimeFormatter LEGACY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
  public static final String PRODUCER_INSTANCE = "full-speed-replay-producer";
  public static final String PROCESSOR_INSTANCE = "full-speed-replay-processor";

  private final InProcessKafka kafka;
  private final ServiceProcess processor;
  private final int failed;

  private FullSpeedReplay(InProcessKafka kafka, ServiceProcess processor, int failed) {
    this.kafka = kafka;
    this.processor = processor;
    this.failed = failed;
  }

  /** Writes the history, starts the broker and the processor, and runs the replay to its end. */
  public static FullSpeedReplay run(StackEndpoints stack, Path workDir) {
    Path history = workDir.resolve("history-" + DAYS + "-days.json");
    int failed = writeHistory(history);
    InProcessKafka kafka = InProcessKafka.start();
    ServiceProcess processor = null;
    try {
      kafka.createTopic(Scenario.TOPIC, 3, Duration.ofSeconds(30));
      kafka.createTopic(Scenario.DLQ_TOPIC, 3, Duration.ofSeconds(30));
      Map<String, String> env = Scenario.serviceEnvironment(stack, kafka.bootstrapServers());
      processor = ServiceProcess.start("ingest-processor", Scenario.jar("ingest-processor"), List.of(),
          instance(env, PROCESSOR_INSTANCE), workDir.resolve("full-speed-processor.log"));
      try (ServiceProcess replay = ServiceProcess.start("producer replay of " + RECORDS + " records",
          Scenario.jar("ingest-producer"),
          List.of("replay", "--file", history.toString(), "--rebase-time", "--progress-every", "0"),
          instance(env, PRODUCER_INSTANCE), workDir.resolve("full-speed-producer.log"))) {
        int exit = replay.awaitExit(Duration.ofMinutes(10));
        if (exit != 0) {
          throw new IllegalStateException(replay + " exited with " + exit + ":\n" + replay.tail(20));
        }
      }
      return new FullSpeedReplay(kafka, processor, failed);
    } catch (RuntimeException | Error e) {
      if (processor != null) {
        processor.close();
      }
      kafka.close();
      throw e;
    }
  }

  private static Map<String, String> instance(Map<String, String> env, String id) {
    Map<String, String> copy = new LinkedHashMap<>(env);
    copy.put("OTEL_RESOURCE_ATTRIBUTES", "service.instance.id=" + id);
    return copy;
  }

  /** Writes the history file; how many of its runs FAILED. */
  private static int writeHistory(Path file) {
    ObjectMapper json = new ObjectMapper();
    try {
      JsonNode day = json.readTree(RepoRoot.resolve("logs.json").toFile());
      ArrayNode history = json.createArrayNode();
      int failed = 0;
      for (int daysBefore = DAYS - 1; daysBefore >= 0; daysBefore--) {
        for (JsonNode run : day) {
          ObjectNode copy = ((ObjectNode) run).deepCopy();
          copy.put("Debut", shift(run.path("Debut").asText(), daysBefore));
          copy.put("Fin", shift(run.path("Fin").asText(), daysBefore));
          history.add(copy);
          failed += "FAILED".equals(run.path("Etat").asText()) ? 1 : 0;
        }
      }
      Files.createDirectories(file.getParent());
      json.writeValue(file.toFile(), history);
      return failed;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String shift(String legacyTime, int daysBefore) {
    return LocalDateTime.parse(legacyTime, LEGACY_TIME).minusDays(daysBefore).format(LEGACY_TIME);
  }

  /** FAILED runs in the history. */
  public int failed() {
    return failed;
  }

  public ServiceProcess processor() {
    return processor;
  }

  @Override
  public void close() {
    try {
      processor.stop(Duration.ofSeconds(30));
    } finally {
      kafka.close();
    }
  }
}
