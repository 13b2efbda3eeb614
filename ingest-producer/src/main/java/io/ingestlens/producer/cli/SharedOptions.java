package io.ingestlens.producer.cli;

import io.ingestlens.producer.kafka.KafkaTarget;
import io.ingestlens.runtime.cli.Numbers;
import io.ingestlens.runtime.cli.TelemetryOverflowConverter;
import io.ingestlens.runtime.kafka.KafkaClientSettings;
import io.ingestlens.runtime.otel.backpressure.TelemetryOverflow;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options both commands take: the output (Kafka or dry run), where in Kafka, and progress. Flags win
 * over the variables named in {@code ${env:...}}, which win over the defaults. (Defaults are spelt
 * out, not built from constants, so that the README check can read them.)
 */
public final class SharedOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      defaultValue = "UTC",
      converter = ZoneConverter.class,
      description = "Zone of date-times written without an offset (e.g. Europe/Paris). Default: UTC.")
  ZoneId zone;

  @Option(
      names = "--dry-run",
      description = "Print the events as JSON Lines on standard output instead of publishing; no Kafka, no telemetry.")
  boolean dryRun;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
      description = "Kafka bootstrap servers. Env: KAFKA_BOOTSTRAP_SERVERS. Default: localhost:9092.")
  String bootstrapServers;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      defaultValue = "${env:INGEST_TOPIC:-ingestion-logs}",
      description = "Topic, created when missing. Env: INGEST_TOPIC. Default: ingestion-logs.")
  String topic;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "${env:INGEST_TOPIC_PARTITIONS:-3}",
      converter = Numbers.PositiveInt.class,
      description = "Partitions of the topic when it must be created. Env: INGEST_TOPIC_PARTITIONS. Default: 3.")
  int partitions;

  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description = "A Kafka client property, repeatable (e.g. security.protocol=SASL_SSL). "
          + "KAFKA_* variables work too (KAFKA_SASL_MECHANISM=PLAIN); this flag wins over them.")
  List<String> kafkaProperties = new ArrayList<>();

  @Option(
      names = "--telemetry-overflow",
      paramLabel = "block|drop",
      defaultValue = "${env:INGEST_TELEMETRY_OVERFLOW:-block}",
      converter = TelemetryOverflowConverter.class,
      description = "When spans are made faster than they are exported: block (publishing waits, nothing is "
          + "dropped) or drop (the SDK drops what does not fit, and counts it). Env: INGEST_TELEMETRY_OVERFLOW. "
          + "Default: block.")
  TelemetryOverflow telemetryOverflow;

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description = "Give up when Kafka does not answer within this time (exit code 3), e.g. 30s, 2m, PT30S. "
          + "Default: 30s.")
  Duration connectTimeout;

  @Option(
      names = "--progress-every",
      paramLabel = "N",
      defaultValue = "100000",
      description = "A progress line on standard error every N records (0: by time only), and at least "
          + "every 10 s (replay) or 60 s (generate). Default: 100000.")
  long progressEvery;

  static final Duration REPLAY_PROGRESS_INTERVAL = Duration.ofSeconds(10);
  /** A live stream runs for hours: a line a minute is enough to see it is alive. */
  static final Duration GENERATE_PROGRESS_INTERVAL = Duration.ofSeconds(60);

  /**
   * Where to publish. Bootstrap servers: the flag, else a {@code --kafka-property bootstrap.servers},
   * else the variable, else localhost:9092.
   */
  KafkaTarget kafkaTarget(Map<String, String> env) {
    Map<String, Object> flags = KafkaClientSettings.parseProperties(kafkaProperties);
    Object fromProperty = flags.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    boolean flagGiven = command.commandLine().getParseResult().hasMatchedOption("--bootstrap-servers");
    String bootstrap = fromProperty != null && !flagGiven ? fromProperty.toString() : bootstrapServers;
    return KafkaTarget.resolve(env, bootstrap, topic, partitions, flags, connectTimeout);
  }
}
