package io.ingestlens.producer.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(buffer, true, StandardCharsets.UTF_8);
  private long now = 0;

  private String[] lines() {
    String text = buffer.toString(StandardCharsets.UTF_8);
    return text.isEmpty() ? new String[0] : text.split("\n");
  }

  @Test
  void printsALineEveryNRecords() {
    Progress progress = new Progress(err, "replay logs.json", 100, Duration.ofHours(1), () -> now);

    for (long count = 1; count <= 350; count++) {
      now += 1_000_000; // 1 ms per record
      long c = count;
      progress.tick(count, () -> c + " read");
    }

    assertThat(lines()).hasSize(3);
    assertThat(lines()[0]).isEqualTo("replay logs.json progress: 100 read (1000 records/s)");
    assertThat(lines()[2]).startsWith("replay logs.json progress: 300 read");
  }

  @Test
  void printsALineWhenTheIntervalPassedEvenWithFewRecords() {
    Progress progress = new Progress(err, "generate", 0, Duration.ofSeconds(10), () -> now);

    progress.tick(1, () -> "1 event");
    now += Duration.ofSeconds(10).toNanos();
    progress.tick(2, () -> "2 events");
    progress.tick(3, () -> "3 events");

    assertThat(lines()).containsExactly("generate progress: 2 events (0 records/s)");
  }
}
