package io.ingestlens.producer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestlens.producer.ProducerMain;
import io.ingestlens.producer.support.Cli;
import io.ingestlens.producer.support.Samples;
import io.opentelemetry.api.OpenTelemetry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interrupting the calling thread (what SIGTERM does through the shutdown hook) stops cleanly. */
class StopTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final AtomicInteger code = new AtomicInteger(-1);

  private Thread start(String... args) {
    Thread worker = new Thread(() -> code.set(ProducerMain.run(args, Map.of(), OpenTelemetry.noop(),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))));
    worker.start();
    return worker;
  }

  private long outLines() {
    return out.toString(StandardCharsets.UTF_8).lines().count();
  }

  @Test
  void anUnboundedGenerateStopsOnInterruptWithASummaryAndExitCode0() throws Exception {
    Thread worker = start("generate", "--file", Samples.logsJson().toString(), "--dry-run", "--rate", "50");
    await().atMost(Duration.ofSeconds(30)).until(() -> outLines() >= 3);

    worker.interrupt();
    worker.join(Duration.ofSeconds(30).toMillis());

    assertThat(worker.isAlive()).isFalse();
    assertThat(code.get()).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).containsPattern("generate: \\d+ events \\(\\d+ failed runs\\), \\d+ written");
  }

  @Test
  void aPacedReplayStopsOnInterruptWithExitCode130() throws Exception {
    // At speed 0.001 the second run of the sample is due in more than an hour.
    Thread worker = start("--file", Samples.logsJson().toString(), "--dry-run", "--speed", "0.001");
    await().atMost(Duration.ofSeconds(30)).until(() -> outLines() >= 1);

    worker.interrupt();
    worker.join(Duration.ofSeconds(30).toMillis());

    assertThat(worker.isAlive()).isFalse();
    assertThat(code.get()).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("replay logs.json: 1 read, 1 written, 0 rejected, interrupted");
  }

  @Test
  void aFastPacedReplayWritesEveryRecord() throws Exception {
    Path file = Files.writeString(dir.resolve("hourly.jsonl"), """
        {"Etat": "SUCCESS", "Source": "PowerBI", "Objet": "workspaces", "Debut": "2025-09-15 10:00:00", "Duree secondes": 1}
        {"Etat": "SUCCESS", "Source": "PowerBI", "Objet": "workspaces", "Debut": "2025-09-15 11:00:00", "Duree secondes": 1}
        {"Etat": "SUCCESS", "Source": "PowerBI", "Objet": "workspaces", "Debut": "2025-09-15 12:00:00", "Duree secondes": 1}
        """);

    Cli.Result result = Cli.run("--file", file.toString(), "--dry-run", "--speed", "72000");

    assertThat(result.code()).isZero();
    assertThat(result.outLines()).hasSize(3);
  }
}
