package io.ingestlens.producer.cli;

import io.ingestlens.producer.kafka.KafkaTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options both commands take: the file, the output (Kafka or dry run) and progress. */
public final class SharedOptions {

  @Option(
      names = "--file",
      paramLabel = "PATH",
      defaultValue = "logs.json",
      description = "Legacy file: a JSON array or JSON Lines. Default: ${DEFAULT-VALUE}.")
  Path file;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      defaultValue = "UTC",
      converter = ZoneConverter.class,
      description = "Zone of date-times written without an offset (e.g. Europe/Paris). Default: ${DEFAULT-VALUE}.")
  ZoneId zone;

  @Option(
      names = "--dry-run",
      description = "Print the events as JSON Lines on standard output instead of publishing; no Kafka, no telemetry.")
  boolean dryRun;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      description = "Kafka bootstrap servers. Default: $KAFKA_BOOTSTRAP_SERVERS, else localhost:9092.")
  String bootstrapServers;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "Topic. Default: $INGEST_TOPIC, else ingestion-logs.")
  String topic;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      description = "Partitions of the topic when it must be created. Default: $INGEST_TOPIC_PARTITIONS, else 3.")
  Integer partitions;

  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description = "A Kafka client property, repeatable (e.g. security.protocol=SASL_SSL). "
          + "KAFKA_* variables work too (KAFKA_SASL_MECHANISM=PLAIN).")
  List<String> kafkaProperties = new ArrayList<>();

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Give up when Kafka does not answer within this time (exit code 3). Default: ${DEFAULT-VALUE}.")
  Duration connectTimeout;

  @Option(
      names = "--progress-every",
      paramLabel = "N",
      defaultValue = "100000",
      description = "A progress line on standard error every N records (0: by time only), and at least "
          + "every 10 s (replay) or 60 s (generate). Default: ${DEFAULT-VALUE}.")
  long progressEvery;

  static final Duration REPLAY_PROGRESS_INTERVAL = Duration.ofSeconds(10);
  /** A live stream runs for hours: a line a minute is enough to see it is alive. */
  static final Duration GENERATE_PROGRESS_INTERVAL = Duration.ofSeconds(60);

  KafkaTarget kafkaTarget(Map<String, String> env) {
    return KafkaTarget.resolve(env, bootstrapServers, topic, partitions, kafkaProperties, connectTimeout);
  }
}
