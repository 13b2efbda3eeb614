package io.ingestlens.producer.cli;

/** Exit codes of the producer; README and tests rely on them. */
public final class ExitCodes {

  /** Everything went out (rejected records are reported, not fatal, unless --strict). */
  public static final int OK = 0;
  /** --strict and some records were rejected; or an unexpected failure. */
  public static final int FAILURE = 1;
  /** Bad flags or settings, or a file that cannot be read or is not JSON. */
  public static final int USAGE = 2;
  /** Kafka unreachable, refusing us, or not acknowledging events. */
  public static final int KAFKA = 3;
  /** Stopped (Ctrl-C, SIGTERM) before the end of the file. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
