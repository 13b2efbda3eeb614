package io.ingestlens.e2e.scenario;

import io.ingestlens.e2e.RepoRoot;
import io.ingestlens.e2e.stack.StackEndpoints;
import io.ingestlens.kafka.InProcessKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The scenario the real-backend tier checks: a real broker in this JVM; the processor; a replay of
 * {@code logs.json} with {@code --rebase-time}; a legacy file with one broken record; messages that
 * are not events, straight to the topic; and a short {@code generate} burst of a source of its own,
 * heavy and failing on one object. Each service is a child JVM started from its jar, configured
 * only by its documented variables and flags, with one OTLP endpoint per signal as Alloy forwards
 * them.
 */
public final class Scenario implements AutoCloseable {

  public static final String TOPIC = "ingestion-logs";
  public static final String DLQ_TOPIC = "ingestion-logs.dlq";

  /**
   * The burst's source: a name of its own, so that the five sources of logs.json keep exactly the
   * figures of the file whatever the burst adds.
   */
  public static final String BURST_SOURCE = "e2e_burst";
  /** The object every failure of the burst lands on ({@code --burst-object}). */
  public static final String BURST_OBJECT = "orders";
  public static final String BURST_OTHER_OBJECT = "customers";
  public static final int BURST_EVENTS = 60;
  /** Events per second: the burst spans several metric exports, which rate() needs. */
  public static final int BURST_RATE = 10;
  public static final double BURST_FAILURE_RATE = 0.5;

  /** Messages that are not events, and the rejection reason each must get (docs/telemetry.md). */
  public static final Map<String, String> BAD_MESSAGES =
      Map.of(
          "not json at all", "invalid_json",
          "[1, 2, 3]", "not_an_object",
          "{\"schema_version\": 1}", "missing_field");

  /** A legacy file whose only record lacks its source: the producer refuses it. */
  public static final String BROKEN_LEGACY_FILE = "[{\"Etat\": \"SUCCESS\"}]";
  public static final String BROKEN_LEGACY_REASON = "missing_field";

  /** Metric export period of the services (ms): data reaches Prometheus within seconds. */
  static final String METRIC_EXPORT_INTERVAL_MS = "2000";

  private final Instant startedAt;
  private final Path workDir;
  private final InProcessKafka kafka;
  private final ServiceProcess processor;
  private final List<ServiceProcess> producers = new ArrayList<>();

  private Scenario(Instant startedAt, Path workDir, InProcessKafka kafka, ServiceProcess processor) {
    this.startedAt = startedAt;
    this.workDir = workDir;
    this.kafka = kafka;
    this.processor = processor;
  }

  /**
   * Starts the broker and the processor, runs every producer step to its end and sends the bad
   * messages. The processor keeps running (and exporting) until {@link #close()}.
   */
  public static Scenario start(StackEndpoints stack, Path workDir) {
    Instant startedAt = Instant.now();
    InProcessKafka kafka = InProcessKafka.start();
    Scenario scenario = null;
    try {
      kafka.createTopic(TOPIC, 3, Duration.ofSeconds(30));
      kafka.createTopic(DLQ_TOPIC, 3, Duration.ofSeconds(30));
      Map<String, String> env = serviceEnvironment(stack, kafka.bootstrapServers());
      ServiceProcess processor =
          ServiceProcess.start("ingest-processor", jar("ingest-processor"), List.of(), env, workDir.resolve("ingest-processor.log"));
      scenario = new Scenario(startedAt, workDir, kafka, processor);
      scenario.runProducers(env);
      scenario.sendBadMessages();
      return scenario;
    } catch (RuntimeException | Error e) {
      if (scenario != null) {
        scenario.close();
      } else {
        kafka.close();
      }
      throw e;
    }
  }

  /** The services' settings: the documented variables only. */
  static Map<String, String> serviceEnvironment(StackEndpoints stack, String bootstrapServers) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    env.put("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", stack.otlpMetrics());
    env.put("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", stack.otlpLogs());
    env.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", stack.otlpTraces());
    env.put("OTEL_METRIC_EXPORT_INTERVAL", METRIC_EXPORT_INTERVAL_MS);
    return env;
  }

  private void runProducers(Map<String, String> env) {
    Path logsJson = RepoRoot.resolve("logs.json");
    Path broken = write("broken-legacy.json", BROKEN_LEGACY_FILE);
    Path burstSample = write("burst-sample.json", burstSample());
    List<String> replay = List.of("replay", "--file", logsJson.toString(), "--rebase-time");
    List<String> brokenReplay = List.of("replay", "--file", broken.toString());
    List<String> burst =
        List.of(
            "generate", "--file", burstSample.toString(),
            "--rate", String.valueOf(BURST_RATE),
            "--count", String.valueOf(BURST_EVENTS),
            "--failure-rate", String.valueOf(BURST_FAILURE_RATE),
            "--burst-object", BURST_OBJECT,
            "--heavy-source", BURST_SOURCE,
            "--seed", "13");
    producers.add(ServiceProcess.start("producer replay of logs.json", jar("ingest-producer"), replay, env, workDir.resolve("producer-replay.log")));
    producers.add(ServiceProcess.start("producer replay of a broken record", jar("ingest-producer"), brokenReplay, env, workDir.resolve("producer-broken.log")));
    producers.add(ServiceProcess.start("producer generate burst", jar("ingest-producer"), burst, env, workDir.resolve("producer-generate.log")));
    for (ServiceProcess producer : producers) {
      int exit = producer.awaitExit(Duration.ofMinutes(2));
      if (exit != 0) {
        throw new IllegalStateException(producer + " exited with " + exit + ":\n" + producer.tail(20));
      }
    }
  }

  /** Two objects of the burst source, one success and one failure each, in the legacy format. */
  static String burstSample() {
    StringBuilder out = new StringBuilder("[\n");
    String[][] rows = {
      {"SUCCESS", BURST_OTHER_OBJECT, "OK - 40 records"},
      {"SUCCESS", BURST_OBJECT, "OK - 12 records"},
      {"FAILED", BURST_OBJECT, "HTTP 503 Service Unavailable: upstream API down"},
    };
    for (int i = 0; i < rows.length; i++) {
      out.append(
          String.format(
              "  {\"Etat\": \"%s\", \"Source\": \"%s\", \"Objet\": \"%s\", \"Entreprise\": \"akonovia\", \"Zone\": \"1-Raw\","
                  + " \"Debut\": \"2025-09-15 09:00:0%d.000000\", \"Fin\": \"2025-09-15 09:00:0%d.500000\","
                  + " \"Duree secondes\": 1.5, \"cpu_time (sec)\": 0.2, \"memory_used (bytes)\": 10485760,"
                  + " \"Description\": \"%s\"}%s%n",
              rows[i][0], BURST_SOURCE, rows[i][1], i * 2, i * 2 + 1, rows[i][2], i < rows.length - 1 ? "," : ""));
    }
    return out.append("]\n").toString();
  }

  private void sendBadMessages() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (String message : BAD_MESSAGES.keySet()) {
        producer.send(new ProducerRecord<>(TOPIC, message.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot publish the bad messages to " + TOPIC, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Path write(String name, String content) {
    try {
      Files.createDirectories(workDir);
      return Files.writeString(workDir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path jar(String module) {
    return RepoRoot.resolve(module, "target", module + ".jar");
  }

  /** Just before the broker and the processor started: no data of this scenario is older. */
  public Instant startedAt() {
    return startedAt;
  }

  public ServiceProcess processor() {
    return processor;
  }

  /** Where every service's output is, for failure messages. */
  public String outputs() {
    return "service output in " + workDir;
  }

  /** Stops the processor (SIGTERM, then a wait), then the broker. */
  @Override
  public void close() {
    try {
      producers.forEach(p -> p.stop(Duration.ofSeconds(10)));
      if (processor != null) {
        processor.stop(Duration.ofSeconds(30));
      }
    } finally {
      kafka.close();
    }
  }
}
