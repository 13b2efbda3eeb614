package io.ingestlens.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuickstartMainTest {

  @Test
  void printsAPerSourceSummaryFromTheEmittedTelemetry() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        QuickstartMain.run(
            new String[] {"--file", LogsJson.PATH.toString()},
            Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + closedPort()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream()));

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).isZero();
    assertThat(printed).contains("No collector at http://127.0.0.1:");
    // sharepoint_graph: 48 runs, 1 failure (EventFactureApplication), every trace crossed Kafka
    assertThat(printed).containsPattern("sharepoint_graph\\s+48\\s+1\\s+[0-9.]+\\s+[0-9.]+\\s+48");
    assertThat(printed).containsPattern("total\\s+432\\s+4\\s+432");
  }

  @Test
  void refusesAnUnknownOptionAMissingValueAndAMissingFileInOneLine() throws Exception {
    assertThat(refused("--bogus")).isEqualTo("quickstart: Unknown option: '--bogus'");
    assertThat(refused("--no-rebase", "--file")).isEqualTo("quickstart: Missing required parameter for option '--file' (PATH)");
    assertThat(refused("--file", "does-not-exist.json")).startsWith("quickstart: cannot read ").contains("does-not-exist.json");
  }

  @Test
  void helpListsTheOptionsAndExitCodes() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = QuickstartMain.run(new String[] {"--help"}, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream()));

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " "))
        .contains("--file", "Default: logs.json", "--no-rebase", "Exit codes:")
        .containsPattern(" 2 +bad options");
  }

  /** Runs with bad arguments: exit code 2 and one line on standard error, which is returned. */
  private static String refused(String... args) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = QuickstartMain.run(args, Map.of(), new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(String.join(" ", args)).isEqualTo(2);
    String text = err.toString(StandardCharsets.UTF_8).strip();
    assertThat(text).as(String.join(" ", args)).doesNotContain("\n");
    return text;
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
