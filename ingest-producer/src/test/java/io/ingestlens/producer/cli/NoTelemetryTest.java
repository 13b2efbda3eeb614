package io.ingestlens.producer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.producer.support.ChildJvm;
import io.ingestlens.producer.support.Samples;
import io.ingestlens.testkit.KafkaBroker;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Help, version, bad usage and dry runs start no OpenTelemetry SDK: nothing is exported (the
 * collector endpoint, a listening socket here, sees no connection), and no exporter stack trace
 * appears when no collector runs. A run that publishes does export there, which shows the socket
 * would see it.
 */
class NoTelemetryTest {

  /** Started by the one test that publishes: the others must run without a broker. */
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @TempDir Path dir;

  private ServerSocketChannel collector;

  @BeforeEach
  void listen() throws Exception {
    collector = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    collector.configureBlocking(false);
  }

  @AfterEach
  void close() throws Exception {
    collector.close();
  }

  private Map<String, String> env() {
    return Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.socket().getLocalPort(),
        "OTEL_EXPORTER_OTLP_TIMEOUT", "1000");
  }

  /** Connections the child made, read after it exited: the kernel queued them whether or not they were answered. */
  private int connectionsSeen() throws Exception {
    int seen = 0;
    for (SocketChannel accepted = collector.accept(); accepted != null; accepted = collector.accept()) {
      accepted.close();
      seen++;
    }
    return seen;
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "--version", "replay --help", "generate --help", "help generate"})
  void helpAndVersionExportNothing(String args) throws Exception {
    ChildJvm.Result result = ChildJvm.run(dir, env(), args.split(" "));

    assertThat(result.code()).isZero();
    assertThat(result.output()).doesNotContain("Exception", "\tat ");
    assertThat(connectionsSeen()).as("connections to the collector").isZero();
  }

  @Test
  void aDryRunExportsNothing() throws Exception {
    ChildJvm.Result replay = ChildJvm.run(dir, env(), "--file", Samples.logsJson().toString(), "--dry-run");
    ChildJvm.Result generate = ChildJvm.run(dir, env(), "generate", "--file", Samples.logsJson().toString(),
        "--dry-run", "--rate", "0", "--count", "3", "--seed", "1");

    assertThat(replay.code()).isZero();
    assertThat(replay.lines()).hasSize(433).last().asString().isEqualTo("replay logs.json: 432 read, 432 written, 0 rejected");
    assertThat(generate.code()).isZero();
    assertThat(generate.lines()).hasSize(5);
    assertThat(replay.output() + generate.output()).doesNotContain("Exception", "\tat ");
    assertThat(connectionsSeen()).as("connections to the collector").isZero();
  }

  @Test
  void badUsageExportsNothing() throws Exception {
    ChildJvm.Result result = ChildJvm.run(dir, env(), "--bogus");

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.lines()).containsExactly("error: Unknown option: '--bogus'");
    assertThat(connectionsSeen()).as("connections to the collector").isZero();
  }

  /** Kafka is checked before the SDK starts: no telemetry to flush, so no exporter trace under the line. */
  @Test
  void anUnreachableBrokerIsOneLineAndExportsNothing() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    ChildJvm.Result result = ChildJvm.run(dir, env(), "--file", Samples.logsJson().toString(),
        "--bootstrap-servers", "localhost:" + closedPort, "--connect-timeout", "1s");

    assertThat(result.code()).isEqualTo(ExitCodes.KAFKA);
    assertThat(result.lines()).containsExactly("error: Kafka at localhost:" + closedPort + " did not answer within 1s");
    assertThat(connectionsSeen()).as("connections to the collector").isZero();
  }

  @Test
  void aRunThatPublishesStartsTheSdkAndExports() throws Exception {
    // drop: the collector here never answers, and the run must not wait for it to take the spans.
    ChildJvm.Result result = ChildJvm.run(dir, env(), "generate", "--file", Samples.logsJson().toString(),
        "--count", "1", "--rate", "0", "--seed", "1", "--telemetry-overflow", "drop",
        "--bootstrap-servers", KAFKA.bootstrapServers());

    assertThat(result.code()).as(result.output()).isZero();
    assertThat(connectionsSeen()).as("connections to the collector").isPositive();
  }
}
