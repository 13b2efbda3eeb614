package io.ingestlens.producer.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ingestlens.producer.support.Cli;
import io.ingestlens.producer.support.Samples;
import io.opentelemetry.api.OpenTelemetry;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** No broker: a clear line and exit code 3 within the connect timeout, never a hang. */
class UnreachableKafkaTest {

  /** A loopback port nobody listens on: bound, then released. */
  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"replay", "generate"})
  void anUnreachableBrokerIsOneLineAndExitCode3(String command) throws Exception {
    String bootstrap = "localhost:" + closedPort();

    // The guard only stops a hang from blocking the build; the producer's own limit is 2 s.
    Cli.Result result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.run(
        OpenTelemetry.noop(), Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap),
        args(command, "--connect-timeout", "2s")));

    assertThat(result.code()).isEqualTo(3);
    assertThat(result.out()).isEmpty();
    assertThat(result.errLines()).last().asString()
        .isEqualTo("error: Kafka at " + bootstrap + " did not answer within 2s");
    assertThat(result.errLines()).noneMatch(l -> l.contains("Exception") || l.startsWith("\tat "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-such-host.invalid:9092", "localhost:notaport"})
  void anUnresolvableBootstrapAddressIsOneLineAndExitCode3(String bootstrap) {
    Cli.Result result = Cli.run("--file", Samples.logsJson().toString(), "--bootstrap-servers", bootstrap,
        "--connect-timeout", "2s");

    assertThat(result.code()).isEqualTo(3);
    assertThat(result.errLines()).singleElement().asString().startsWith("error: ");
  }

  private static String[] args(String command, String... more) {
    String[] base = command.equals("generate")
        ? new String[] {"generate", "--file", Samples.logsJson().toString(), "--count", "5"}
        : new String[] {"replay", "--file", Samples.logsJson().toString()};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }
}
