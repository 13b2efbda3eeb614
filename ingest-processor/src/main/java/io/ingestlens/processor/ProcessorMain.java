package io.ingestlens.processor;

import io.ingestlens.processor.kafka.TopicSetup;
import io.ingestlens.runtime.cli.CommandLineConventions;
import io.ingestlens.runtime.cli.EnvironmentDefaults;
import io.ingestlens.runtime.cli.Numbers;
import io.ingestlens.runtime.cli.ParameterErrors;
import io.ingestlens.runtime.cli.TelemetryOverflowConverter;
import io.ingestlens.runtime.kafka.ConnectionWarnings;
import io.ingestlens.runtime.kafka.KafkaClientSettings;
import io.ingestlens.runtime.otel.LogText;
import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.ingestlens.runtime.otel.backpressure.TelemetryOverflow;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar ingest-processor.jar}: runs the processor until SIGTERM. Flags win over the
 * environment (the variable in each option's {@code ${env:...}} default), which wins over the
 * defaults. Defaults are spelt out, not built from constants, so that the README check can read
 * them; a test holds them to {@link ProcessorSettings}' own.
 *
 * <p>Metrics are exported at the processor's checkpoints (every {@code OTEL_METRIC_EXPORT_INTERVAL},
 * default 60 s), each followed by the commit of the offsets it covers: counters count each event
 * exactly once across a crash, except in the moment between an export and its commit (see
 * {@link Processor}).
 *
 * <p>Errors are one line on standard error; the exit codes are in {@code --help}.
 */
@Command(
    name = "ingest-processor",
    mixinStandardHelpOptions = true,
    versionProvider = ProcessorMain.Version.class,
    description = "Consumes ingestion events from Kafka and emits their metrics, log records and traces over OTLP.",
    footer = {
      "",
      "Kafka client settings: KAFKA_* variables (KAFKA_SECURITY_PROTOCOL=SASL_SSL is security.protocol), "
          + "then --kafka-property. Telemetry: the standard OTEL_* variables."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:clean stop",
      "1:processing stopped on an unrecoverable error",
      "2:bad configuration (flags, variables, Kafka client or OTEL_* settings)",
      "3:Kafka unreachable at start, or the dead-letter topic cannot be prepared",
      "143:stopped by SIGTERM (the batch in hand is committed and telemetry flushed)"
    })
public final class ProcessorMain {

  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_CONFIG = CommandLineConventions.EXIT_USAGE;
  static final int EXIT_UNREACHABLE = 3;

  private static final String CONFIG_ERROR = "ingest-processor: configuration error: ";

  @Spec CommandSpec spec;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
      defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
      description = "Kafka bootstrap servers. Env: KAFKA_BOOTSTRAP_SERVERS. Default: localhost:9092.")
  String bootstrapServers;

  @Option(names = "--topic", paramLabel = "TOPIC",
      defaultValue = "${env:INGEST_TOPIC:-ingestion-logs}",
      description = "Topic to consume. Env: INGEST_TOPIC. Default: ingestion-logs.")
  String topic;

  @Option(names = "--group-id", paramLabel = "GROUP",
      defaultValue = "${env:KAFKA_GROUP_ID:-ingest-processor}",
      description = "Consumer group. Env: KAFKA_GROUP_ID. Default: ingest-processor.")
  String groupId;

  @Option(names = "--dlq-topic", paramLabel = "TOPIC",
      defaultValue = "${env:INGEST_DLQ_TOPIC:-ingestion-logs.dlq}",
      description = "Dead-letter topic for invalid records, created when missing. Env: INGEST_DLQ_TOPIC. "
          + "Default: ingestion-logs.dlq.")
  String dlqTopic;

  @Option(names = "--dedup-window", paramLabel = "N",
      defaultValue = "${env:INGEST_DEDUP_WINDOW:-100000}",
      converter = Numbers.NonNegativeInt.class,
      description = "Recent event ids each worker remembers to recognise redeliveries; 0 disables. "
          + "Env: INGEST_DEDUP_WINDOW. Default: 100000.")
  int dedupWindow;

  @Option(names = "--startup-timeout", paramLabel = "DURATION",
      defaultValue = "${env:INGEST_STARTUP_TIMEOUT:-30s}",
      description = "How long to wait for Kafka at start (then exit code 3), e.g. 30s, 2m, PT30S. "
          + "Env: INGEST_STARTUP_TIMEOUT. Default: 30s.")
  Duration startupTimeout;

  @Option(names = "--workers", paramLabel = "N",
      defaultValue = "${env:INGEST_WORKERS}",
      converter = Numbers.PositiveInt.class,
      description = "Threads handling records, each record key always on the same one. Env: INGEST_WORKERS. "
          + "Default: one per core, at most 4.")
  Integer workers;

  @Option(names = "--run-logs", paramLabel = "all|sampled",
      defaultValue = "${env:INGEST_RUN_LOGS:-all}",
      converter = RunLogs.Converter.class,
      description = "Which runs get a log record: all, or sampled (traced or not SUCCESS) for high rates. "
          + "Env: INGEST_RUN_LOGS. Default: all.")
  RunLogs runLogs;

  @Option(names = "--telemetry-overflow", paramLabel = "block|drop",
      defaultValue = "${env:INGEST_TELEMETRY_OVERFLOW:-block}",
      converter = TelemetryOverflowConverter.class,
      description = "When spans and log records are made faster than they are exported: block (processing pauses, "
          + "Kafka holds the records, nothing is dropped) or drop (the SDK drops what does not fit, and counts it). "
          + "Env: INGEST_TELEMETRY_OVERFLOW. Default: block.")
  TelemetryOverflow telemetryOverflow;

  @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
      description = "Kafka client property, repeatable (e.g. security.protocol=SASL_SSL); wins over KAFKA_* "
          + "variables, and over --bootstrap-servers and --group-id when those come from their variables.")
  List<String> kafkaProperties = new ArrayList<>();

  ProcessorMain() {}

  public static void main(String[] args) {
    int code = run(args, System.getenv(), System.err, ProcessorMain::startTelemetry);
    System.exit(code);
  }

  /**
   * Metrics leave at the processor's checkpoints, so committed offsets match exported counts; with
   * {@code block}, polls and commits wait for the spans and log records to be exported.
   */
  private static ServiceTelemetry startTelemetry(ProcessorSettings settings) {
    return ServiceTelemetry.builder("ingest-processor", "io.ingestlens.processor")
        .metricCheckpoints()
        .overflow(settings.telemetryOverflow())
        .start();
  }

  /**
   * Runs until the processor stops; returns the exit code. Help, version and bad configuration
   * return before {@code telemetryFactory} is called: they start no SDK and export nothing.
   */
  static int run(
      String[] args, Map<String, String> env, PrintStream err, Function<ProcessorSettings, ServiceTelemetry> telemetryFactory) {
    ProcessorSettings settings;
    try {
      Optional<ProcessorSettings> parsed = parse(args, env, err);
      if (parsed.isEmpty()) {
        return EXIT_OK; // help or version printed
      }
      settings = parsed.get();
    } catch (ConfigurationError e) {
      err.println(CONFIG_ERROR + e.getMessage());
      return EXIT_CONFIG;
    }

    ServiceTelemetry telemetry;
    try {
      telemetry = telemetryFactory.apply(settings);
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
    // An unreachable broker is said once, below, not by the client at every reconnect.
    try (ConnectionWarnings muted = ConnectionWarnings.muted()) {
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

  /**
   * The settings the command line and {@code env} give, or empty when help or version was asked
   * for (then printed on standard output).
   *
   * @throws ConfigurationError with a one-line message naming the flag or the variable at fault
   */
  static Optional<ProcessorSettings> parse(String[] args, Map<String, String> env, PrintStream err) {
    ProcessorMain options = new ProcessorMain();
    EnvironmentDefaults defaults = new EnvironmentDefaults(env);
    CommandLine commandLine = CommandLineConventions.apply(new CommandLine(options), defaults, System.out, err, CONFIG_ERROR);
    try {
      CommandLine.ParseResult parsed = commandLine.parseArgs(args);
      if (CommandLine.printHelpIfRequested(parsed)) {
        return Optional.empty();
      }
      return Optional.of(options.settings(env));
    } catch (ParameterException e) {
      throw new ConfigurationError(ParameterErrors.oneLine(e, defaults));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationError(oneLine(e.getMessage()));
    }
  }

  /** The settings record from the parsed options and {@code env}'s {@code KAFKA_*} client settings. */
  private ProcessorSettings settings(Map<String, String> env) {
    ProcessorSettings.Builder builder =
        ProcessorSettings.builder()
            .kafkaEnvironment(env)
            .bootstrapServers(bootstrapServers)
            .groupId(groupId)
            .kafkaProperties(KafkaClientSettings.parseProperties(kafkaProperties))
            .topic(topic)
            .deadLetterTopic(dlqTopic)
            .dedupWindow(dedupWindow)
            .startupTimeout(startupTimeout)
            .runLogs(runLogs)
            .telemetryOverflow(telemetryOverflow);
    // A flag given on the command line wins over a --kafka-property for the same client setting.
    if (given("--bootstrap-servers")) {
      builder.bootstrapServers(bootstrapServers);
    }
    if (given("--group-id")) {
      builder.groupId(groupId);
    }
    if (workers != null) {
      builder.workers(workers);
    }
    return builder.build();
  }

  private boolean given(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  /** A configuration the processor cannot run with; the message is one line. */
  static final class ConfigurationError extends RuntimeException {
    ConfigurationError(String message) {
      super(message);
    }
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
