package io.ingestlens.producer.support;

import java.nio.file.Path;

/** Files of the repository the tests read. */
public final class Samples {

  private Samples() {}

  /** The committed sample of legacy records at the repository root. */
  public static Path logsJson() {
    return Path.of(System.getProperty("repo.root", ".."), "logs.json").toAbsolutePath().normalize();
  }
}
