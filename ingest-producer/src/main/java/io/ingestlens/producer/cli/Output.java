package io.ingestlens.producer.cli;

import io.ingestlens.producer.kafka.KafkaEventSink;
import io.ingestlens.producer.kafka.KafkaTarget;
import io.ingestlens.producer.publish.DryRunSink;
import io.ingestlens.producer.publish.EventSink;
import io.ingestlens.producer.telemetry.ProducerTelemetry;
import io.ingestlens.producer.telemetry.TelemetryHandle;
import io.opentelemetry.api.OpenTelemetry;
import java.io.PrintStream;

/** The sink a command writes to, with the telemetry that goes with it. */
final class Output implements AutoCloseable {

  private final EventSink sink;
  private final ProducerTelemetry telemetry;
  private final PrintStream summary;

  private Output(EventSink sink, ProducerTelemetry telemetry, PrintStream summary) {
    this.sink = sink;
    this.telemetry = telemetry;
    this.summary = summary;
  }

  /**
   * A dry run writes events to standard output and emits no telemetry (a preview must not show up on
   * dashboards); its summary goes to standard error so that standard output holds only events.
   */
  static Output open(SharedOptions options, CliContext context) throws InterruptedException {
    if (options.dryRun) {
      return new Output(
          new DryRunSink(context.out()),
          new ProducerTelemetry(OpenTelemetry.noop(), "dry-run"),
          context.err());
    }
    KafkaTarget target = options.kafkaTarget(context.env());
    // Kafka first: a broker out of reach ends the command before any telemetry exists to flush
    // (with no collector either, the user would get an exporter stack trace under the one line).
    KafkaEventSink.prepareTopic(target);
    TelemetryHandle sdk = context.telemetry().apply(options.telemetryOverflow); // the SDK starts here, and only here
    ProducerTelemetry telemetry = new ProducerTelemetry(sdk.openTelemetry(), target.topic());
    return new Output(
        KafkaEventSink.connect(target, sdk.openTelemetry(), sdk.backpressure(), telemetry), telemetry, context.out());
  }

  EventSink sink() {
    return sink;
  }

  ProducerTelemetry telemetry() {
    return telemetry;
  }

  /** Where the closing summary goes. */
  PrintStream summary() {
    return summary;
  }

  @Override
  public void close() {
    sink.close();
  }
}
