package io.ingestlens.producer.cli;

import io.opentelemetry.api.OpenTelemetry;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the commands get from outside: environment, telemetry and output streams, passed in so that
 * tests and the one-JVM quickstart can supply their own.
 *
 * @param telemetry asked for only when events go to Kafka: help, version, bad usage and dry runs
 *     never start an SDK, so they export nothing
 * @param out standard output: the summary, or the events of a dry run
 * @param err standard error: refused records, progress, errors
 */
public record CliContext(
    Map<String, String> env, Supplier<OpenTelemetry> telemetry, PrintStream out, PrintStream err, Clock clock) {}
