package io.ingestlens.processor;

import io.ingestlens.processor.kafka.TopicSetup;
import io.ingestlens.processor.telemetry.LogText;
import io.ingestlens.runtime.kafka.KafkaClientSettings;
import io.ingestlens.runtime.otel.ServiceTelemetry;
import java.io.PrintStream;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code java -jar ingest-processor.jar}: runs the processor until SIGTERM. Flags win over the
 * environment, which wins over the defaults.
 *
 * <p>Metrics are exported at the processor's checkpoints (every {@code OTEL_METRIC_EXPORT_INTERVAL},
 * default 60 s), each followed by the commit of the offsets it covers: counters count each event
 * exactly once across a crash, except in the moment between an export and its commit (see
 * {@link Processor}).
 *
 * <p>Exit codes: 0 after a clean stop, 1 when processing stopped on an unrecoverable error, 2 for a
 * bad configuration, 3 when Kafka cannot be reached at start (or the dead-letter topic cannot be
 * prepared). Errors are one line on standard error.
 */
@Command(
    name = "ingest-processor",
    mixinStandardHelpOptions = true,
    versionProvider = ProcessorMain.Version.class,
    description = "Consumes ingestion events from Kafka and emits their metrics, log records and traces over OTLP.")
public final class ProcessorMain {

  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_CONFIG = 2;
  static final int EXIT_UNREACHABLE = 3;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
      description = "Kafka bootstrap servers (env KAFKA_BOOTSTRAP_SERVERS, default localhost:9092).")
  String bootstrapServers;

  @Option(names = "--topic", description = "Topic to consume (env INGEST_TOPIC, default ingestion-logs).")
  String topic;

  @Option(names = "--group-id", description = "Consumer group (env KAFKA_GROUP_ID, default ingest-processor).")
  String groupId;

  @Option(names = "--dlq-topic",
      description = "Dead-letter topic for invalid records (env INGEST_DLQ_TOPIC, default ingestion-logs.dlq).")
  String dlqTopic;

  @Option(names = "--dedup-window", paramLabel = "N",
      description = "Recent event ids each worker remembers to recognise redeliveries; 0 disables (env INGEST_DEDUP_WINDOW, default 100000).")
  Integer dedupWindow;

  @Option(names = "--startup-timeout", paramLabel = "DURATION",
      description = "How long to wait for Kafka at start, e.g. 30s, 2m, PT30S (env INGEST_STARTUP_TIMEOUT, default 30s).")
  String startupTimeout;

  @Option(names = "--workers", paramLabel = "N",
      description = "Threads handling records, each record key always on the same one (env INGEST_WORKERS, default: cores, at most 4).")
  Integer workers;

  @Option(names = "--run-logs", paramLabel = "all|sampled",
      description = "Which runs get a log record: all, or sampled (traced or not SUCCESS) for high rates (env INGEST_RUN_LOGS, default all).")
  String runLogs;

  @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
      description = "Kafka client property, repeatable (e.g. security.protocol=SASL_SSL); wins over KAFKA_* variables.")
  List<String> kafkaProperties = new ArrayList<>();

  ProcessorMain() {}

  public static void main(String[] args) {
    int code = run(args, System.getenv(), System.err, ProcessorMain::startTelemetry);
    System.exit(code);
  }

  /** Metrics leave at the processor's checkpoints, so committed offsets match exported counts. */
  private static ServiceTelemetry startTelemetry() {
    return ServiceTelemetry.startWithMetricCheckpoints("ingest-processor", "io.ingestlens.processor", Map.of());
  }

  /** Runs until the processor stops; returns the exit code. */
  static int run(String[] args, Map<String, String> env, PrintStream err, Supplier<ServiceTelemetry> telemetryFactory) {
    ProcessorMain options = new ProcessorMain();
    CommandLine commandLine = new CommandLine(options);
    ProcessorSettings settings;
    try {
      CommandLine.ParseResult parsed = commandLine.parseArgs(args);
      if (CommandLine.printHelpIfRequested(parsed)) {
        return EXIT_OK;
      }
      settings = options.settings(env);
    } catch (CommandLine.ParameterException | IllegalArgumentException e) {
      err.println("ingest-processor: configuration error: " + oneLine(e.getMessage()));
      return EXIT_CONFIG;
    }

    ServiceTelemetry telemetry;
    try {
      telemetry = telemetryFactory.get();
    } catch (RuntimeException e) { // autoconfigure refuses a bad OTEL_* setting
      err.println("ingest-processor: telemetry configuration error: " + oneLine(e.getMessage()));
      return EXIT_CONFIG;
    }
    Processor processor;
    try {
      processor = new Processor(settings, telemetry);
    } catch (KafkaException | IllegalArgumentException e) {
      err.println("ingest-processor: Kafka configuration error: " + oneLine(rootMessage(e)));
      telemetry.close();
      return EXIT_CONFIG;
    }

    // SIGTERM: stop consuming (commit what was handled), then flush telemetry, in that order.
    Thread shutdown = new Thread(() -> stop(processor, telemetry), "ingest-processor-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    try {
      processor.start();
    } catch (ProcessorStartException e) {
      err.println("ingest-processor: " + oneLine(e.getMessage()));
      removeHookAndStop(shutdown, processor, telemetry);
      return EXIT_UNREACHABLE;
    } catch (KafkaException e) {
      err.println("ingest-processor: Kafka configuration error: " + oneLine(rootMessage(e)));
      removeHookAndStop(shutdown, processor, telemetry);
      return EXIT_CONFIG;
    }

    Optional<Throwable> failure;
    try {
      failure = processor.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = Optional.of(e);
    }
    // Reached after close() by the shutdown hook (then the hook finishes the work), or on a failure.
    if (failure.isPresent()) {
      err.println("ingest-processor: stopped: " + oneLine(rootMessage(failure.get())));
      removeHookAndStop(shutdown, processor, telemetry);
      return EXIT_FAILED;
    }
    return EXIT_OK;
  }

  private static void stop(Processor processor, ServiceTelemetry telemetry) {
    processor.close();
    telemetry.flush(ServiceTelemetry.SHUTDOWN_TIMEOUT);
    telemetry.close();
  }

  private static void removeHookAndStop(Thread hook, Processor processor, ServiceTelemetry telemetry) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      return; // shutting down already: the hook does the stopping
    }
    stop(processor, telemetry);
  }

  ProcessorSettings settings(Map<String, String> env) {
    ProcessorSettings settings = ProcessorSettings.fromEnvironment(env);
    if (topic != null) {
      settings = settings.withTopic(topic);
    }
    if (dlqTopic != null) {
      settings = settings.withDeadLetterTopic(dlqTopic);
    }
    Integer window = dedupWindow != null ? dedupWindow : intFromEnv(env, "INGEST_DEDUP_WINDOW");
    if (window != null) {
      settings = settings.withDedupWindow(window);
    }
    String timeout = startupTimeout != null ? startupTimeout : env.get("INGEST_STARTUP_TIMEOUT");
    if (timeout != null && !timeout.isBlank()) {
      settings = settings.withStartupTimeout(parseDuration(timeout));
    }
    Integer threads = workers != null ? workers : intFromEnv(env, "INGEST_WORKERS");
    if (threads != null) {
      settings = settings.withWorkers(threads);
    }
    if (runLogs != null) {
      settings = settings.withRunLogs(RunLogs.fromSetting(runLogs));
    }
    settings = settings.withKafkaProperties(KafkaClientSettings.parseProperties(kafkaProperties));
    if (bootstrapServers != null) {
      settings = settings.withKafkaProperties(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }
    if (groupId != null) {
      settings = settings.withGroupId(groupId);
    }
    return settings;
  }

  private static Integer intFromEnv(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got: " + value);
    }
  }

  /** {@code 30s}, {@code 500ms}, {@code 2m}, or ISO-8601 ({@code PT30S}). */
  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("pt")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      if (t.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(t));
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("not a duration (e.g. 30s, 500ms, 2m, PT30S): " + text);
    }
  }

  private static String rootMessage(Throwable e) {
    return TopicSetup.rootMessage(e);
  }

  private static String oneLine(String message) {
    return LogText.sanitize(message == null ? "unknown error" : message, 500);
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = ProcessorMain.class.getPackage().getImplementationVersion();
      return new String[] {"ingest-processor " + (version == null ? "(development build)" : version)};
    }
  }
}
