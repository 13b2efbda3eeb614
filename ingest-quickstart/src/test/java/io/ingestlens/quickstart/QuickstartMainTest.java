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
            new String[] {"--file", LegacyFile.LOGS_JSON.toString()},
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
  void refusesAnUnknownOptionAndAMissingFile() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

    assertThat(QuickstartMain.run(new String[] {"--bogus"}, Map.of(), quiet, errStream)).isEqualTo(2);
    assertThat(QuickstartMain.run(new String[] {"--file", "does-not-exist.json"}, Map.of(), quiet, errStream)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --bogus", "cannot read");
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
