package io.ingestlens.producer.kafka;

import java.time.Duration;

/** Human-readable durations for one-line messages: "30s", "1500ms". */
public final class Durations {

  private Durations() {}

  public static String format(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }
}
