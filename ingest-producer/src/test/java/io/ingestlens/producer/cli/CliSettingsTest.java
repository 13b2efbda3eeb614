package io.ingestlens.producer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.producer.kafka.KafkaTarget;
import io.ingestlens.producer.support.Cli;
import io.ingestlens.runtime.cli.CommandLineConventions;
import io.ingestlens.runtime.cli.EnvironmentDefaults;
import io.ingestlens.runtime.kafka.KafkaClientSettings;
import io.ingestlens.producer.telemetry.TelemetryHandle;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Where each setting comes from (flag, else variable, else default), and what --help says of it. */
class CliSettingsTest {

  private static KafkaTarget target(Map<String, String> env, String... args) {
    CliContext context = new CliContext(env, overflow -> TelemetryHandle.of(OpenTelemetry.noop()), System.out, System.err, Clock.systemUTC());
    ReplayCommand replay = new ReplayCommand(context);
    CommandLine commandLine = new CommandLine(replay);
    CommandLineConventions.apply(commandLine, new EnvironmentDefaults(env), System.out, System.err, "error: ");
    commandLine.parseArgs(args);
    return replay.shared.kafkaTarget(env);
  }

  @Test
  void defaultsWorkAgainstALocalBroker() {
    KafkaTarget target = target(Map.of());

    assertThat(target.bootstrapServers()).isEqualTo("localhost:9092").isEqualTo(KafkaClientSettings.DEFAULT_BOOTSTRAP);
    assertThat(target.topic()).isEqualTo("ingestion-logs").isEqualTo(KafkaTarget.DEFAULT_TOPIC);
    assertThat(target.partitions()).isEqualTo(3).isEqualTo(KafkaTarget.DEFAULT_PARTITIONS);
    assertThat(target.connectTimeout()).hasSeconds(30);
  }

  @Test
  void takesTheEnvironmentAndLetsFlagsWin() {
    Map<String, String> env = Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", "kafka:29092", "INGEST_TOPIC", "runs", "INGEST_TOPIC_PARTITIONS", "6");

    KafkaTarget fromEnv = target(env);
    KafkaTarget fromFlags = target(env, "--bootstrap-servers", "broker:9093", "--topic", "other", "--partitions", "2");

    assertThat(fromEnv.bootstrapServers()).isEqualTo("kafka:29092");
    assertThat(fromEnv.topic()).isEqualTo("runs");
    assertThat(fromEnv.partitions()).isEqualTo(6);
    assertThat(fromFlags.bootstrapServers()).isEqualTo("broker:9093");
    assertThat(fromFlags.topic()).isEqualTo("other");
    assertThat(fromFlags.partitions()).isEqualTo(2);
  }

  @Test
  void aBootstrapKafkaPropertyWinsOverTheVariableButNotOverTheFlag() {
    Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:29092");

    assertThat(target(env, "--kafka-property", "bootstrap.servers=prop:1").bootstrapServers()).isEqualTo("prop:1");
    assertThat(target(env, "--kafka-property", "bootstrap.servers=prop:1", "--bootstrap-servers", "flag:2")
        .bootstrapServers()).isEqualTo("flag:2");
  }

  @Test
  void aBadVariableNamesTheVariableAndABadFlagNamesTheFlag() {
    Cli.Result fromEnv = Cli.run(OpenTelemetry.noop(), Map.of("INGEST_TOPIC_PARTITIONS", "three"), "--dry-run");
    Cli.Result fromFlag = Cli.run(OpenTelemetry.noop(), Map.of("INGEST_TOPIC_PARTITIONS", "6"), "--partitions", "0");
    Cli.Result both = Cli.run(OpenTelemetry.noop(), Map.of("INGEST_TOPIC_PARTITIONS", "three"), "--partitions", "x");

    assertThat(fromEnv.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(fromEnv.errLines()).containsExactly("error: INGEST_TOPIC_PARTITIONS=three: not an integer");
    assertThat(fromFlag.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(fromFlag.errLines()).containsExactly("error: --partitions=0: must be at least 1");
    assertThat(both.errLines()).containsExactly("error: --partitions=x: not an integer");
  }

  @ParameterizedTest
  @ValueSource(strings = {"replay", "generate"})
  void helpGivesEveryOptionItsVariableAndDefault(String command) {
    CliContext context = new CliContext(Map.of(), overflow -> TelemetryHandle.of(OpenTelemetry.noop()), System.out, System.err, Clock.systemUTC());
    Object subcommand = command.equals("replay") ? new ReplayCommand(context) : new GenerateCommand(context);
    CommandSpec spec = new CommandLine(subcommand).getCommandSpec();
    String help = Cli.run(command, "--help").out();

    for (OptionSpec option : spec.options()) {
      String description = String.join(" ", option.description());
      EnvironmentDefaults.of(option).ifPresent(declared -> {
        assertThat(description).as(option.longestName()).contains("Env: " + declared.variable() + ".");
        assertThat(description).as(option.longestName()).contains("Default: " + declared.fallback() + ".");
      });
      if (!option.usageHelp() && !option.versionHelp() && option.arity().max() > 0 && !option.isMultiValue()) {
        assertThat(description).as(option.longestName()).contains("Default: ");
      }
      assertThat(help).contains(option.longestName());
    }
  }

  @Test
  void helpListsTheExitCodes() {
    for (List<String> args : List.of(List.of("--help"), List.of("replay", "--help"), List.of("generate", "--help"))) {
      assertThat(Cli.run(args.toArray(String[]::new)).out()).as(args.toString())
          .contains("Exit codes:")
          .containsPattern("\n +0 +done")
          .containsPattern("\n +2 +bad flags or settings")
          .containsPattern("\n +3 +Kafka unreachable")
          .containsPattern("\n +130 +interrupted");
    }
  }
}
