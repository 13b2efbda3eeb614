package io.ingestlens.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ingestlens.event.IngestionEvent;
import io.ingestlens.runtime.cli.EnvironmentDefaults;
import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.ingestlens.runtime.otel.backpressure.TelemetryOverflow;
import io.ingestlens.testkit.KafkaBroker;
import io.ingestlens.testkit.OtlpReceiver;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/** The command line: exit codes, one-line errors, and an orderly stop on SIGTERM. */
class ProcessorMainTest {

  /** Started only by the test that needs a broker (on first use). */
  @RegisterExtension
  static final KafkaBroker KAFKA = new KafkaBroker();

  private static final Function<ProcessorSettings, ServiceTelemetry> NO_TELEMETRY_EXPECTED =
      settings -> {
        throw new AssertionError("telemetry must not start on a configuration error");
      };

  @Test
  void badFlagsExitWithTwoAndOneLineNamingTheFlag() {
    Map<List<String>, String> expected = new LinkedHashMap<>();
    expected.put(List.of("--no-such-flag"), "Unknown option: '--no-such-flag'");
    expected.put(List.of("--dedup-window", "-1"), "--dedup-window=-1: must be 0 or more");
    expected.put(List.of("--dedup-window", "many"), "--dedup-window=many: not an integer");
    expected.put(List.of("--workers", "0"), "--workers=0: must be at least 1");
    expected.put(List.of("--kafka-property", "no-equals-sign"), "Kafka property must be key=value, got: no-equals-sign");
    expected.put(List.of("--startup-timeout", "soon"), "--startup-timeout=soon: not a duration (e.g. 500ms, 30s");
    expected.put(List.of("--startup-timeout", "0s"), "--startup-timeout=0s: must be more than zero");
    expected.put(List.of("--run-logs", "some"), "--run-logs=some: must be all or sampled");
    expected.put(List.of("--topic", "same", "--dlq-topic", "same"), "the dead-letter topic must differ from the topic: same");
    expected.put(List.of("--topic"), "Missing required parameter for option '--topic' (TOPIC)");
    expected.forEach((args, message) -> {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = ProcessorMain.run(args.toArray(String[]::new), Map.of(), new PrintStream(err, true, StandardCharsets.UTF_8),
          NO_TELEMETRY_EXPECTED);
      assertThat(code).as(String.join(" ", args)).isEqualTo(2);
      assertThat(oneLine(err)).as(String.join(" ", args)).startsWith("ingest-processor: configuration error: " + message);
    });
  }

  @Test
  void aBadVariableExitsWithTwoAndOneLineNamingTheVariable() {
    Map<Map<String, String>, String> expected = new LinkedHashMap<>();
    expected.put(Map.of("INGEST_DEDUP_WINDOW", "lots"), "INGEST_DEDUP_WINDOW=lots: not an integer");
    expected.put(Map.of("INGEST_WORKERS", "abc"), "INGEST_WORKERS=abc: not an integer");
    expected.put(Map.of("INGEST_WORKERS", "-2"), "INGEST_WORKERS=-2: must be at least 1");
    expected.put(Map.of("INGEST_STARTUP_TIMEOUT", "later"), "INGEST_STARTUP_TIMEOUT=later: not a duration");
    expected.put(Map.of("INGEST_RUN_LOGS", "some"), "INGEST_RUN_LOGS=some: must be all or sampled");
    expected.put(Map.of("INGEST_TELEMETRY_OVERFLOW", "spill"), "INGEST_TELEMETRY_OVERFLOW=spill: must be block or drop");
    expected.forEach((env, message) -> {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = ProcessorMain.run(new String[0], env, new PrintStream(err, true, StandardCharsets.UTF_8), NO_TELEMETRY_EXPECTED);
      assertThat(code).as(env.toString()).isEqualTo(2);
      assertThat(oneLine(err)).as(env.toString()).startsWith("ingest-processor: configuration error: " + message);
    });
  }

  @Test
  void aFlagWinsOverABadVariable() {
    assertThat(settings(Map.of("INGEST_WORKERS", "abc", "INGEST_RUN_LOGS", "some"), "--workers", "2", "--run-logs", "all"))
        .satisfies(s -> {
          assertThat(s.workers()).isEqualTo(2);
          assertThat(s.runLogs()).isEqualTo(RunLogs.ALL);
        });
  }

  @Test
  void aKafkaClientSettingTheClientRefusesExitsWithTwo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (TestTelemetry telemetry = new TestTelemetry()) {
      int code = ProcessorMain.run(new String[] {"--kafka-property", "max.poll.records=lots"}, Map.of(),
          new PrintStream(err, true, StandardCharsets.UTF_8), settings -> ServiceTelemetry.wrap(telemetry.sdk, "io.ingestlens.processor"));
      assertThat(code).isEqualTo(2);
    }
    assertThat(oneLine(err)).startsWith("ingest-processor: Kafka configuration error: ").contains("max.poll.records");
  }

  /** The start-up gives up (it does not retry for ever): a 60 s guard against a hang, far above the 2 s asked for. */
  @Test
  void anUnreachableBrokerExitsWithThreeAndOneLineNamingTheStartupTimeout() throws IOException {
    int port = closedPort();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (TestTelemetry telemetry = new TestTelemetry()) {
      int code = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> ProcessorMain.run(
          new String[] {"--bootstrap-servers", "localhost:" + port, "--startup-timeout", "2s"}, Map.of(),
          new PrintStream(err, true, StandardCharsets.UTF_8), settings -> ServiceTelemetry.wrap(telemetry.sdk, "io.ingestlens.processor")));
      assertThat(code).isEqualTo(3);
    }
    assertThat(oneLine(err)).startsWith("ingest-processor: cannot reach Kafka at localhost:" + port + " within 2 s");
  }

  /** The real service with its logback.xml: one line, not the Kafka client's warning at every reconnect. */
  @Test
  void anUnreachableBrokerIsOneLineOnTheConsole(@TempDir Path dir) throws Exception {
    int port = closedPort();

    ChildResult result = runChild(dir, Map.of("OTEL_SDK_DISABLED", "true"),
        "--bootstrap-servers", "localhost:" + port, "--startup-timeout", "3s");

    assertThat(result.code()).isEqualTo(3);
    assertThat(result.lines()).singleElement().asString()
        .startsWith("ingest-processor: cannot reach Kafka at localhost:" + port + " within 3 s");
  }

  /**
   * Help and version start no SDK: the collector endpoint (a listening socket) sees no connection,
   * and no exporter stack trace appears.
   */
  @Test
  void helpAndVersionExportNothing(@TempDir Path dir) throws Exception {
    try (ServerSocketChannel collector = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
      collector.configureBlocking(false);
      Map<String, String> env = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.socket().getLocalPort());
      for (String flag : List.of("--help", "--version")) {
        ChildResult result = runChild(dir, env, flag);
        assertThat(result.code()).as(flag).isZero();
        assertThat(result.output()).as(flag).startsWith(flag.equals("--help") ? "Usage: ingest-processor" : "ingest-processor ")
            .doesNotContain("Exception", "\tat ");
      }
      // Connections made before the children exited wait in the accept queue.
      assertThat(collector.accept()).as("a connection to the collector").isNull();
    }
  }

  @Test
  void helpListsEveryOptionWithItsVariableAndDefaultAndTheExitCodes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(ProcessorMain.run(new String[] {"--help"}, Map.of(), System.err, NO_TELEMETRY_EXPECTED)).isZero();
    } finally {
      System.setOut(stdout);
    }
    String help = out.toString(StandardCharsets.UTF_8);

    CommandSpec spec = new CommandLine(new ProcessorMain()).getCommandSpec();
    for (OptionSpec option : spec.options()) {
      String description = String.join(" ", option.description());
      assertThat(help).contains(option.longestName());
      EnvironmentDefaults.of(option).ifPresent(declared -> {
        assertThat(description).as(option.longestName()).contains("Env: " + declared.variable() + ".");
        assertThat(description).as(option.longestName())
            .contains("Default: " + (declared.fallback() != null ? declared.fallback() + "." : ""));
      });
    }
    assertThat(help).contains("Exit codes:")
        .containsPattern("\\n +0 +clean stop")
        .containsPattern("\\n +1 +processing stopped")
        .containsPattern("\\n +2 +bad configuration")
        .containsPattern("\\n +3 +Kafka unreachable")
        .containsPattern("\\n +143 +stopped by SIGTERM");
  }

  @Test
  void runLogsComeFromTheFlagOrTheEnvironment() {
    assertThat(settings(Map.of()).runLogs()).isEqualTo(RunLogs.ALL);
    assertThat(settings(Map.of("INGEST_RUN_LOGS", "Sampled")).runLogs()).isEqualTo(RunLogs.SAMPLED);
    assertThat(settings(Map.of("INGEST_RUN_LOGS", "sampled"), "--run-logs", "all").runLogs()).isEqualTo(RunLogs.ALL);
  }

  @Test
  void telemetryOverflowComesFromTheFlagOrTheEnvironment() {
    assertThat(settings(Map.of()).telemetryOverflow()).isEqualTo(TelemetryOverflow.BLOCK);
    assertThat(settings(Map.of("INGEST_TELEMETRY_OVERFLOW", "DROP")).telemetryOverflow()).isEqualTo(TelemetryOverflow.DROP);
    assertThat(settings(Map.of("INGEST_TELEMETRY_OVERFLOW", "drop"), "--telemetry-overflow", "block").telemetryOverflow())
        .isEqualTo(TelemetryOverflow.BLOCK);
  }

  @Test
  void workersComeFromTheFlagOrTheEnvironment() {
    assertThat(settings(Map.of()).workers()).isEqualTo(ProcessorSettings.defaultWorkers());
    assertThat(settings(Map.of("INGEST_WORKERS", "3")).workers()).isEqualTo(3);
    assertThat(settings(Map.of("INGEST_WORKERS", "3"), "--workers", "1").workers()).isEqualTo(1);
  }

  @Test
  void everySettingHasItsDefault() {
    ProcessorSettings settings = settings(Map.of());
    assertThat(settings.bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(settings.topic()).isEqualTo("ingestion-logs");
    assertThat(settings.deadLetterTopic()).isEqualTo("ingestion-logs.dlq");
    assertThat(settings.groupId()).isEqualTo("ingest-processor");
    assertThat(settings.dedupWindow()).isEqualTo(100_000);
    assertThat(settings.startupTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings).isEqualTo(ProcessorSettings.forBootstrapServers("localhost:9092"));
  }

  @Test
  void flagsWinOverTheEnvironmentWhichWinsOverDefaults() {
    ProcessorSettings settings = settings(Map.of(
        "KAFKA_GROUP_ID", "from-env", "INGEST_TOPIC", "env-topic", "KAFKA_BOOTSTRAP_SERVERS", "broker:9093",
        "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "INGEST_DEDUP_WINDOW", "10", "INGEST_STARTUP_TIMEOUT", "1m"),
        "--group-id", "from-flag", "--kafka-property", "client.id=c1", "--dedup-window", "0");
    assertThat(settings.groupId()).isEqualTo("from-flag");
    assertThat(settings.topic()).isEqualTo("env-topic");
    assertThat(settings.deadLetterTopic()).isEqualTo("ingestion-logs.dlq");
    assertThat(settings.bootstrapServers()).isEqualTo("broker:9093");
    assertThat(settings.dedupWindow()).isZero();
    assertThat(settings.startupTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(settings.consumerProperties()).containsEntry("security.protocol", "SASL_SSL").containsEntry("client.id", "c1");
    assertThat(settings.producerProperties()).containsEntry("security.protocol", "SASL_SSL");
    assertThat(settings.adminProperties()).containsEntry("security.protocol", "SASL_SSL");
  }

  @Test
  void aKafkaPropertyWinsOverTheVariablesButNotOverTheFlags() {
    Map<String, String> env = Map.of("KAFKA_GROUP_ID", "env-group", "KAFKA_BOOTSTRAP_SERVERS", "env:1");
    String[] properties = {"--kafka-property", "group.id=prop-group", "--kafka-property", "bootstrap.servers=prop:2"};

    ProcessorSettings fromProperties = settings(env, properties);
    assertThat(fromProperties.groupId()).isEqualTo("prop-group");
    assertThat(fromProperties.bootstrapServers()).isEqualTo("prop:2");

    String[] withFlags = {properties[0], properties[1], properties[2], properties[3],
        "--group-id", "flag-group", "--bootstrap-servers", "flag:3"};
    ProcessorSettings fromFlags = settings(env, withFlags);
    assertThat(fromFlags.groupId()).isEqualTo("flag-group");
    assertThat(fromFlags.bootstrapServers()).isEqualTo("flag:3");
    assertThat(fromFlags.adminProperties()).containsEntry("bootstrap.servers", "flag:3");
  }

  /**
   * The real service in a child JVM: it processes an event, and on SIGTERM exports its metrics,
   * commits, flushes the rest of its telemetry over OTLP and exits. Exports and checkpoints are set
   * an hour apart, so what arrives (and the commit) came from the shutdown.
   */
  @Test
  void onSigtermItCommitsFlushesTelemetryAndExits(@TempDir Path dir) throws Exception {
    KAFKA.createTopic("ingestion-logs", 1);
    try (OtlpReceiver collector = OtlpReceiver.start()) {
      Path logback = Path.of(ProcessorMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("logback.xml");
      Path stdout = dir.resolve("stdout.txt");
      ProcessBuilder builder = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"),
          "-Dlogback.configurationFile=" + logback,
          "io.ingestlens.processor.ProcessorMain",
          "--bootstrap-servers", KAFKA.bootstrapServers(),
          "--group-id", "child")
          .redirectOutput(stdout.toFile())
          .redirectError(dir.resolve("stderr.txt").toFile());
      Map<String, String> env = builder.environment();
      env.put("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint());
      env.put("OTEL_METRIC_EXPORT_INTERVAL", "3600000");
      env.put("OTEL_BSP_SCHEDULE_DELAY", "3600000");
      env.put("OTEL_BLRP_SCHEDULE_DELAY", "3600000");
      env.remove("OTEL_SERVICE_NAME");
      Process child = builder.start();
      try {
        IngestionEvent failed = TestEvents.run("PowerBI", "workspaces", "FAILED", Duration.ofMinutes(1));
        try (Producer<String, byte[]> producer = KAFKA.producer()) {
          producer.send(new ProducerRecord<>("ingestion-logs", 0, "PowerBI", TestEvents.json(failed))).get();
          producer.send(new ProducerRecord<>("ingestion-logs", 0, "PowerBI", "not json".getBytes(StandardCharsets.UTF_8))).get();
        }
        // The refused record (the second) is logged on the console once handled.
        await().atMost(Duration.ofSeconds(60))
            .until(() -> Files.readAllLines(stdout).stream().anyMatch(l -> l.contains("invalid_json")));
        assertThat(collector.traces()).as("no spans exported before the shutdown").isEmpty();
        assertThat(collector.metrics()).as("no metrics exported before the shutdown").isEmpty();
        assertThat(collector.logs()).as("no logs exported before the shutdown").isEmpty();
        assertThat(KAFKA.committed("child")).as("nothing committed before a checkpoint").isZero();

        child.destroy(); // SIGTERM
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(143); // 128 + SIGTERM: the JVM's own shutdown
        assertThat(KAFKA.committed("child")).as("the last checkpoint commits").isEqualTo(2);

        List<Span> spans = collector.spans().stream().map(OtlpReceiver.ReceivedSpan::span).toList();
        Span process = spans.stream().filter(s -> s.getName().equals("ingestion-logs process")).findFirst().orElseThrow();
        List<String> metricNames = collector.metrics().stream()
            .flatMap(r -> r.getResourceMetricsList().stream())
            .flatMap(rm -> rm.getScopeMetricsList().stream()).flatMap(sm -> sm.getMetricsList().stream())
            .map(m -> m.getName()).toList();
        assertThat(metricNames).contains("ingestion.runs", "ingestion.run.duration", "messaging.process.duration");
        LogRecord run = collector.logRecords().stream().map(OtlpReceiver.ReceivedLog::record)
            .filter(l -> l.getBody().getStringValue().equals(failed.run().description()))
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
      }
    }
  }

  private static ProcessorSettings settings(Map<String, String> env, String... args) {
    return ProcessorMain.parse(args, env, System.err).orElseThrow();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort(); // closed again: nothing listens there
    }
  }

  private record ChildResult(int code, String output) {
    List<String> lines() {
      return output.isBlank() ? List.of() : List.of(output.strip().split("\n"));
    }
  }

  /** The service's main in a JVM of its own, with its logback.xml; standard output and error together. */
  private static ChildResult runChild(Path dir, Map<String, String> env, String... args) throws Exception {
    Path logback = Path.of(ProcessorMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("logback.xml");
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Dlogback.configurationFile=" + logback,
        "io.ingestlens.processor.ProcessorMain"));
    command.addAll(List.of(args));
    Path output = Files.createTempFile(dir, "child", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("OTEL_") || name.startsWith("KAFKA_") || name.startsWith("INGEST_"));
    builder.environment().putAll(env);
    Process child = builder.start();
    if (!child.waitFor(120, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      throw new AssertionError("the processor did not exit: " + String.join(" ", args));
    }
    return new ChildResult(child.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }

  private static String oneLine(ByteArrayOutputStream err) {
    String text = err.toString(StandardCharsets.UTF_8);
    assertThat(text.strip()).doesNotContain("\n");
    return text.strip();
  }
}
