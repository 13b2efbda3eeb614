package io.ingestlens.producer.cli;

import io.ingestlens.producer.telemetry.TelemetryHandle;
import io.ingestlens.runtime.otel.backpressure.TelemetryOverflow;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/**
 * What the commands get from outside: environment, telemetry and output streams, passed in so that
 * tests and the one-JVM quickstart can supply their own.
 *
 * @param telemetry asked for only when events go to Kafka, with the overflow setting of the command:
 *     help, version, bad usage and dry runs never start an SDK, so they export nothing
 * @param out standard output: the summary, or the events of a dry run
 * @param err standard error: refused records, progress, errors
 */
public record CliContext(
    Map<String, String> env,
    Function<TelemetryOverflow, TelemetryHandle> telemetry,
    PrintStream out,
    PrintStream err,
    Clock clock) {}
