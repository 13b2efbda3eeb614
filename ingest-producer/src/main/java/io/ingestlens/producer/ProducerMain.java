package io.ingestlens.producer;

import io.ingestlens.producer.cli.CliContext;
import io.ingestlens.producer.cli.ExitCodes;
import io.ingestlens.producer.cli.ProducerCommand;
import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The producer's entry point: {@code java -jar ingest-producer.jar [replay|generate] [options]}.
 * Run {@code --help} for the options.
 */
public final class ProducerMain {

  public static final String SERVICE_NAME = "ingest-producer";
  public static final String LOGGER_NAME = "io.ingestlens.producer";

  private ProducerMain() {}

  public static void main(String[] args) {
    int code;
    CountDownLatch finished = new CountDownLatch(1);
    stopOnShutdown(Thread.currentThread(), finished);
    try {
      code = runWithTelemetry(args);
    } finally {
      finished.countDown();
    }
    System.exit(code);
  }

  private static int runWithTelemetry(String[] args) {
    ServiceTelemetry telemetry;
    try {
      telemetry = ServiceTelemetry.start(SERVICE_NAME, LOGGER_NAME, Map.of());
    } catch (RuntimeException e) {
      System.err.println("error: cannot set up telemetry (check the OTEL_* variables): " + e.getMessage());
      return ExitCodes.USAGE;
    }
    // Closing flushes spans, metrics and logs before the JVM exits.
    try (telemetry) {
      return run(args, System.getenv(), telemetry.openTelemetry(), System.out, System.err);
    }
  }

  /**
   * Runs the producer as the command line would, without exiting: for tests and for the one-JVM
   * quickstart. The caller owns {@code openTelemetry} (and flushes it). Interrupting the calling
   * thread stops a replay or a generated stream after delivering what was already handed over.
   *
   * @param args command-line arguments, e.g. {@code replay --file logs.json}
   * @param env the environment ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code INGEST_TOPIC}, {@code KAFKA_*}...)
   * @param openTelemetry where spans and metrics go; a dry run uses none
   * @param out standard output: the summary, or the events of a dry run
   * @param err standard error: refused records, progress, errors
   * @return the exit code: 0 done, 1 refused records with --strict, 2 bad flags or file, 3 Kafka
   *     unreachable or not acknowledging, 130 interrupted
   */
  public static int run(
      String[] args, Map<String, String> env, OpenTelemetry openTelemetry, PrintStream out, PrintStream err) {
    return ProducerCommand.execute(args, new CliContext(env, openTelemetry, out, err, Clock.systemUTC()));
  }

  /** On SIGTERM or Ctrl-C: interrupt the work, and let it flush before the JVM goes. */
  private static void stopOnShutdown(Thread worker, CountDownLatch finished) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.interrupt();
                  try {
                    finished.await(ServiceTelemetry.SHUTDOWN_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "ingest-producer-shutdown"));
  }
}
