package io.ingestlens.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.kafka.InProcessKafka;
import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit codes, one-line errors, and an orderly stop on SIGTERM. */
class ProcessorMainTest {

  private static final Supplier<ServiceTelemetry> NO_TELEMETRY_EXPECTED =
      () -> {
        throw new AssertionError("telemetry must not start on a configuration error");
      };

  @Test
  void badFlagsExitWithTwoAndOneLine() {
    for (String[] args : List.of(
        new String[] {"--no-such-flag"},
        new String[] {"--dedup-window", "-1"},
        new String[] {"--dedup-window", "many"},
        new String[] {"--kafka-property", "no-equals-sign"},
        new String[] {"--startup-timeout", "soon"},
        new String[] {"--topic", "same", "--dlq-topic", "same"})) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = ProcessorMain.run(args, Map.of(), new PrintStream(err, true, StandardCharsets.UTF_8), NO_TELEMETRY_EXPECTED);
      assertThat(code).as(String.join(" ", args)).isEqualTo(2);
      assertThat(oneLine(err)).startsWith("ingest-processor: configuration error: ");
    }
  }

  @Test
  void badEnvironmentExitsWithTwo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ProcessorMain.run(new String[0], Map.of("INGEST_DEDUP_WINDOW", "lots"),
        new PrintStream(err, true, StandardCharsets.UTF_8), NO_TELEMETRY_EXPECTED);
    assertThat(code).isEqualTo(2);
    assertThat(oneLine(err)).contains("INGEST_DEDUP_WINDOW");
  }

  @Test
  void aKafkaClientSettingTheClientRefusesExitsWithTwo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (TestTelemetry telemetry = new TestTelemetry()) {
      int code = ProcessorMain.run(new String[] {"--kafka-property", "max.poll.records=lots"}, Map.of(),
          new PrintStream(err, true, StandardCharsets.UTF_8), () -> ServiceTelemetry.wrap(telemetry.sdk, "io.ingestlens.processor"));
      assertThat(code).isEqualTo(2);
    }
    assertThat(oneLine(err)).startsWith("ingest-processor: Kafka configuration error: ").contains("max.poll.records");
  }

  @Test
  void anUnreachableBrokerExitsWithThreeWithinTheStartupTimeout() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (TestTelemetry telemetry = new TestTelemetry()) {
      int code = ProcessorMain.run(
          new String[] {"--bootstrap-servers", "localhost:" + port, "--startup-timeout", "2s"}, Map.of(),
          new PrintStream(err, true, StandardCharsets.UTF_8), () -> ServiceTelemetry.wrap(telemetry.sdk, "io.ingestlens.processor"));
      assertThat(code).isEqualTo(3);
    }
    assertThat(oneLine(err)).startsWith("ingest-processor: cannot reach Kafka at localhost:" + port + " within 2 s");
  }

  @Test
  void helpExitsWithZero() {
    assertThat(ProcessorMain.run(new String[] {"--help"}, Map.of(), System.err, NO_TELEMETRY_EXPECTED)).isZero();
  }

  @Test
  void runLogsComeFromTheFlagOrTheEnvironmentAndRefuseOtherValues() {
    ProcessorMain options = new ProcessorMain();
    assertThat(options.settings(Map.of()).runLogs()).isEqualTo(RunLogs.ALL);
    assertThat(options.settings(Map.of("INGEST_RUN_LOGS", "Sampled")).runLogs()).isEqualTo(RunLogs.SAMPLED);
    new picocli.CommandLine(options).parseArgs("--run-logs", "all");
    assertThat(options.settings(Map.of("INGEST_RUN_LOGS", "sampled")).runLogs()).isEqualTo(RunLogs.ALL);

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ProcessorMain.run(new String[0], Map.of("INGEST_RUN_LOGS", "some"),
        new PrintStream(err, true, StandardCharsets.UTF_8), NO_TELEMETRY_EXPECTED);
    assertThat(code).isEqualTo(2);
    assertThat(oneLine(err)).contains("INGEST_RUN_LOGS must be all or sampled, got some");
  }

  @Test
  void workersComeFromTheFlagOrTheEnvironmentAndMustBePositive() {
    ProcessorMain options = new ProcessorMain();
    assertThat(options.settings(Map.of()).workers()).isEqualTo(ProcessorSettings.defaultWorkers());
    assertThat(options.settings(Map.of("INGEST_WORKERS", "3")).workers()).isEqualTo(3);
    new picocli.CommandLine(options).parseArgs("--workers", "1");
    assertThat(options.settings(Map.of("INGEST_WORKERS", "3")).workers()).isEqualTo(1);

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ProcessorMain.run(new String[] {"--workers", "0"}, Map.of(),
        new PrintStream(err, true, StandardCharsets.UTF_8), NO_TELEMETRY_EXPECTED);
    assertThat(code).isEqualTo(2);
    assertThat(oneLine(err)).contains("workers must be >= 1, got 0");
  }

  @Test
  void flagsWinOverTheEnvironmentWhichWinsOverDefaults() {
    ProcessorMain options = new ProcessorMain();
    new picocli.CommandLine(options).parseArgs("--group-id", "from-flag", "--kafka-property", "client.id=c1");
    ProcessorSettings settings = options.settings(Map.of(
        "KAFKA_GROUP_ID", "from-env", "INGEST_TOPIC", "env-topic", "KAFKA_BOOTSTRAP_SERVERS", "broker:9093",
        "KAFKA_SECURITY_PROTOCOL", "SASL_SSL"));
    assertThat(settings.groupId()).isEqualTo("from-flag");
    assertThat(settings.topic()).isEqualTo("env-topic");
    assertThat(settings.deadLetterTopic()).isEqualTo("ingestion-logs.dlq");
    assertThat(settings.bootstrapServers()).isEqualTo("broker:9093");
    assertThat(settings.consumerProperties()).containsEntry("security.protocol", "SASL_SSL").containsEntry("client.id", "c1");
    assertThat(settings.producerProperties()).containsEntry("security.protocol", "SASL_SSL");
    assertThat(settings.adminProperties()).containsEntry("security.protocol", "SASL_SSL");
  }

  /**
   * The real service in a child JVM: it processes an event, and on SIGTERM exports its metrics,
   * commits, flushes the rest of its telemetry over OTLP and exits. Exports and checkpoints are set
   * an hour apart, so what arrives (and the commit) came from the shutdown.
   */
  @Test
  void onSigtermItCommitsFlushesTelemetryAndExits(@TempDir Path dir) throws Exception {
    List<Received> received = new CopyOnWriteArrayList<>();
    HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext("/", exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        byte[] bytes = body.readAllBytes();
        if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
          bytes = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes)).readAllBytes();
        }
        received.add(new Received(exchange.getRequestURI().getPath(), bytes));
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    collector.start();
    try (InProcessKafka kafka = InProcessKafka.start()) {
      kafka.createTopic("ingestion-logs", 1, Duration.ofSeconds(30));
      Path logback = Path.of(ProcessorMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("logback.xml");
      Path stdout = dir.resolve("stdout.txt");
      ProcessBuilder builder = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"),
          "-Dlogback.configurationFile=" + logback,
          "io.ingestlens.processor.ProcessorMain",
          "--bootstrap-servers", kafka.bootstrapServers(),
          "--group-id", "child")
          .redirectOutput(stdout.toFile())
          .redirectError(dir.resolve("stderr.txt").toFile());
      Map<String, String> env = builder.environment();
      env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort());
      env.put("OTEL_METRIC_EXPORT_INTERVAL", "3600000");
      env.put("OTEL_BSP_SCHEDULE_DELAY", "3600000");
      env.put("OTEL_BLRP_SCHEDULE_DELAY", "3600000");
      env.remove("OTEL_SERVICE_NAME");
      Process child = builder.start();
      try {
        IngestionEvent failed = TestEvents.run("PowerBI", "workspaces", "FAILED", Duration.ofMinutes(1));
        try (Producer<String, byte[]> producer = Kafka.producer(kafka)) {
          producer.send(new ProducerRecord<>("ingestion-logs", 0, "PowerBI", TestEvents.json(failed))).get();
          producer.send(new ProducerRecord<>("ingestion-logs", 0, "PowerBI", "not json".getBytes(StandardCharsets.UTF_8))).get();
        }
        // The refused record (the second) is logged on the console once handled.
        await().atMost(Duration.ofSeconds(60))
            .until(() -> Files.readAllLines(stdout).stream().anyMatch(l -> l.contains("invalid_json")));
        assertThat(received).as("nothing exported before the shutdown").isEmpty();
        assertThat(Kafka.committed(kafka, "child")).as("nothing committed before a checkpoint").isZero();

        child.destroy(); // SIGTERM
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(143); // 128 + SIGTERM: the JVM's own shutdown
        assertThat(Kafka.committed(kafka, "child")).as("the last checkpoint commits").isEqualTo(2);

        List<Span> spans = received.stream().filter(r -> r.path.equals("/v1/traces"))
            .flatMap(r -> parse(() -> ExportTraceServiceRequest.parseFrom(r.body)).getResourceSpansList().stream())
            .flatMap(rs -> rs.getScopeSpansList().stream()).flatMap(ss -> ss.getSpansList().stream()).toList();
        Span process = spans.stream().filter(s -> s.getName().equals("ingestion-logs process")).findFirst().orElseThrow();
        List<String> metricNames = received.stream().filter(r -> r.path.equals("/v1/metrics"))
            .flatMap(r -> parse(() -> ExportMetricsServiceRequest.parseFrom(r.body)).getResourceMetricsList().stream())
            .flatMap(rm -> rm.getScopeMetricsList().stream()).flatMap(sm -> sm.getMetricsList().stream())
            .map(m -> m.getName()).toList();
        assertThat(metricNames).contains("ingestion.runs", "ingestion.run.duration", "messaging.process.duration");
        List<LogRecord> logs = received.stream().filter(r -> r.path.equals("/v1/logs"))
            .flatMap(r -> parse(() -> ExportLogsServiceRequest.parseFrom(r.body)).getResourceLogsList().stream())
            .flatMap(rl -> rl.getScopeLogsList().stream()).flatMap(sl -> sl.getLogRecordsList().stream()).toList();
        LogRecord run = logs.stream().filter(l -> l.getBody().getStringValue().equals(failed.run().description()))
            .findFirst().orElseThrow();
        assertThat(run.getTraceId()).isEqualTo(process.getTraceId());
        assertThat(run.getSeverityText()).isEqualTo("ERROR");

        // The console line of the refused record carries its span's trace and span ids.
        Span refused = spans.stream()
            .filter(s -> s.getName().equals("ingestion-logs process") && s.getStatus().getCode()
                == io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR)
            .findFirst().orElseThrow();
        String traceId = HexFormat.of().formatHex(refused.getTraceId().toByteArray());
        String spanId = HexFormat.of().formatHex(refused.getSpanId().toByteArray());
        assertThat(Files.readAllLines(stdout)).anySatisfy(line -> assertThat(line)
            .contains("WARN", "io.ingestlens.processor.rejects", "trace_id=" + traceId, "span_id=" + spanId,
                "invalid_json"));
        // The run record went over OTLP only: the console filter keeps it off standard output.
        assertThat(Files.readAllLines(stdout)).noneSatisfy(line -> assertThat(line).contains("io.ingestlens.processor.runs"));
      } finally {
        child.destroyForcibly();
        collector.stop(0);
      }
    }
  }

  private record Received(String path, byte[] body) {}

  private interface Parse<T> {
    T get() throws IOException;
  }

  private static <T> T parse(Parse<T> parse) {
    try {
      return parse.get();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String oneLine(ByteArrayOutputStream err) {
    String text = err.toString(StandardCharsets.UTF_8);
    assertThat(text.strip()).doesNotContain("\n");
    return text.strip();
  }
}
