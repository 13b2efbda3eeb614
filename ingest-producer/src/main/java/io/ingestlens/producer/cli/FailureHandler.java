package io.ingestlens.producer.cli;

import io.ingestlens.producer.kafka.KafkaUnavailableException;
import io.ingestlens.producer.legacy.LegacyFileException;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns what a command throws into one line on standard error and an exit code. */
final class FailureHandler implements IExecutionExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

  private final PrintStream err;

  FailureHandler(PrintStream err) {
    this.err = err;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
    if (e instanceof LegacyFileException || e instanceof IllegalArgumentException) {
      err.println("error: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    if (e instanceof KafkaUnavailableException) {
      err.println("error: " + e.getMessage());
      return ExitCodes.KAFKA;
    }
    if (e instanceof InterruptedException) {
      err.println("interrupted");
      return ExitCodes.INTERRUPTED;
    }
    // A bug: the line says what happened, the log keeps the stack for whoever fixes it.
    LOG.error("unexpected failure", e);
    err.println("error: unexpected failure: " + e);
    return ExitCodes.FAILURE;
  }
}
