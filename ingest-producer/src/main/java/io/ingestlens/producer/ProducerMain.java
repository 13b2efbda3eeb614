package io.ingestlens.producer;

import io.ingestlens.producer.cli.CliContext;
import io.ingestlens.producer.cli.ProducerCommand;
import io.ingestlens.producer.telemetry.TelemetryHandle;
import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.ingestlens.runtime.otel.backpressure.TelemetryBackpressure;
import io.ingestlens.runtime.otel.backpressure.TelemetryOverflow;
import io.opentelemetry.api.OpenTelemetry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  /**
   * The SDK starts only when a command publishes to Kafka: {@code --help}, {@code --version}, bad
   * usage and {@code --dry-run} export nothing and need no collector.
   */
  private static int runWithTelemetry(String[] args) {
    try (LazyTelemetry telemetry = new LazyTelemetry()) {
      // Closing flushes spans, metrics and logs before the JVM exits.
      return run(args, System.getenv(), telemetry::start, System.out, System.err);
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
    return run(args, env, overflow -> TelemetryHandle.of(openTelemetry), out, err);
  }

  /**
   * As {@link #run(String[], Map, OpenTelemetry, PrintStream, PrintStream)}, publishing at the pace
   * of {@code telemetry}'s exporters when it was started with {@code block}.
   */
  public static int run(
      String[] args, Map<String, String> env, ServiceTelemetry telemetry, PrintStream out, PrintStream err) {
    return run(args, env, overflow -> TelemetryHandle.of(telemetry), out, err);
  }

  /** As {@link #run(String[], Map, OpenTelemetry, PrintStream, PrintStream)}, telemetry started when needed. */
  static int run(
      String[] args,
      Map<String, String> env,
      Function<TelemetryOverflow, TelemetryHandle> telemetry,
      PrintStream out,
      PrintStream err) {
    return ProducerCommand.execute(args, new CliContext(env, telemetry, out, err, Clock.systemUTC()));
  }

  /**
   * The service's SDK, started on first use with the command's overflow setting. Closing waits,
   * with {@code block}, until every span made has been exported (a line every 30 s says why; SIGTERM
   * or Ctrl-C stops the wait), then flushes and shuts the SDK down.
   */
  private static final class LazyTelemetry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LazyTelemetry.class);
    private static final Duration DRAIN_STEP = Duration.ofSeconds(30);
    private ServiceTelemetry telemetry;

    synchronized TelemetryHandle start(TelemetryOverflow overflow) {
      if (telemetry == null) {
        try {
          telemetry = ServiceTelemetry.builder(SERVICE_NAME, LOGGER_NAME).overflow(overflow).start();
        } catch (RuntimeException e) { // autoconfigure refuses a bad OTEL_* setting: exit code 2
          throw new IllegalArgumentException(
              "cannot set up telemetry (check the OTEL_* variables): " + e.getMessage(), e);
        }
      }
      return TelemetryHandle.of(telemetry);
    }

    @Override
    public synchronized void close() {
      if (telemetry == null) {
        return;
      }
      TelemetryBackpressure backpressure = telemetry.backpressure();
      TelemetryBackpressure.Mark everything = backpressure.mark();
      // Interrupted (SIGTERM, Ctrl-C): the flag would end every wait of the SDK's shutdown at once,
      // so clear it, flush within the shutdown hook's time, and set it again.
      boolean interrupted = Thread.interrupted();
      try {
        if (interrupted) {
          if (!backpressure.awaitExported(everything, ServiceTelemetry.SHUTDOWN_TIMEOUT.dividedBy(4), "exit waits")) {
            LOG.warn("stopped before every span was exported: {}", backpressure.describe());
          }
        } else {
          while (!backpressure.awaitExported(everything, DRAIN_STEP, "exit waits")) {
            // The collector is away or slow: keep the spans until it takes them.
          }
        }
      } catch (InterruptedException e) {
        LOG.warn("stopped before every span was exported: {}", backpressure.describe());
        interrupted = true;
      } finally {
        telemetry.close();
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
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
