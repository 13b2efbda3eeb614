package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README documents every setting the services read from the environment: a table row with the
 * variable, the flag and the default that the option's {@code ${env:NAME:-default}} declares; and
 * the messages it quotes are the ones the services print.
 */
class ReadmeSettingsTest {

  private static final Pattern NAMES = Pattern.compile("names = \"(--[a-z-]+)\"");
  private static final Pattern ENV_DEFAULT = Pattern.compile("defaultValue = \"\\$\\{env:([A-Z0-9_]+)(?::-([^}]*))?}\"");

  /** An option of a service whose default comes from a variable. */
  record EnvOption(String service, String flag, String variable, String fallback) {}

  static List<EnvOption> envOptions() throws IOException {
    List<EnvOption> options = new ArrayList<>();
    for (String service : List.of("ingest-producer", "ingest-processor")) {
      try (Stream<Path> files = Files.walk(RepoFiles.path(service, "src", "main", "java"))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String[] annotations = Files.readString(file).split("@Option\\(");
          for (int i = 1; i < annotations.length; i++) {
            Matcher names = NAMES.matcher(annotations[i]);
            Matcher env = ENV_DEFAULT.matcher(annotations[i]);
            if (names.find() && env.find()) {
              options.add(new EnvOption(service, names.group(1), env.group(1), env.group(2)));
            }
          }
        }
      }
    }
    return options;
  }

  @Test
  void everyVariableOfTheServicesHasATableRowWithItsFlagAndDefault() throws IOException {
    List<EnvOption> options = envOptions();
    assertThat(options).extracting(EnvOption::variable)
        .contains("KAFKA_BOOTSTRAP_SERVERS", "INGEST_TOPIC", "INGEST_TOPIC_PARTITIONS", "INGEST_WORKERS", "INGEST_RUN_LOGS");
    List<String> rows = RepoFiles.read("README.md").lines().filter(l -> l.startsWith("|")).toList();
    for (EnvOption option : options) {
      assertThat(rows).as("README table row for %s", option)
          .anySatisfy(row -> {
            assertThat(row).contains("`" + option.variable() + "`", "`" + option.flag() + "`");
            if (option.fallback() != null) {
              assertThat(row).containsAnyOf("`" + option.fallback() + "`", "| " + option.fallback() + " |",
                  "| " + option.fallback() + " event ids |");
            }
          });
    }
  }

  /**
   * The Kafka-unreachable lines the README quotes, in the form the services' own tests hold them to
   * (ProcessorMainTest, UnreachableKafkaTest), for the default address and timeouts.
   */
  @Test
  void theQuotedUnreachableMessagesAreTheServicesOwn() {
    String readme = RepoFiles.read("README.md");
    assertThat(readme).contains("`ingest-processor: cannot reach Kafka at localhost:9092 within 30 s: ...`")
        .contains("`error: Kafka at localhost:9092 did not answer within 30s`")
        .doesNotContain("Kafka unreachable at");
  }
}
