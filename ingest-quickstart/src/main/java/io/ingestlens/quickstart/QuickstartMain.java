package io.ingestlens.quickstart;

import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * No-Docker quickstart: a real Kafka broker, the processor and a producer replay of logs.json in
 * one JVM, then a per-source summary computed from the telemetry the services emitted. Exports OTLP
 * too when a collector listens at OTEL_EXPORTER_OTLP_ENDPOINT.
 *
 * <p>Usage: {@code QuickstartMain [--file PATH] [--no-rebase]}
 */
public final class QuickstartMain {

  private static final Duration PROCESSING_TIMEOUT = Duration.ofMinutes(5);

  private QuickstartMain() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err)
      throws InterruptedException {
    Path file = Path.of("logs.json");
    boolean rebase = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--file" -> file = Path.of(args[++i]);
        case "--no-rebase" -> rebase = false;
        default -> {
          err.println("quickstart: unknown option " + args[i] + " (options: --file PATH, --no-rebase)");
          return 2;
        }
      }
    }
    if (!Files.isReadable(file)) {
      err.println("quickstart: cannot read " + file.toAbsolutePath() + " (run from the repository root or pass --file)");
      return 2;
    }

    URI endpoint = CollectorProbe.endpoint(env);
    Map<String, String> exportSettings = new HashMap<>();
    if (CollectorProbe.listening(endpoint)) {
      out.println("Exporting OTLP to " + endpoint);
    } else {
      out.println("No collector at " + endpoint + ": telemetry is kept in memory for the summary only.");
      exportSettings.put("otel.traces.exporter", "none");
      exportSettings.put("otel.metrics.exporter", "none");
      exportSettings.put("otel.logs.exporter", "none");
    }

    HopRecorder hops = new HopRecorder();
    SnapshotMetricReader processorMetrics = new SnapshotMetricReader();
    SnapshotMetricReader producerMetrics = new SnapshotMetricReader();
    List<String> replay = new ArrayList<>(List.of("replay", "--file", file.toString()));
    if (rebase) {
      replay.add("--rebase-time");
    }

    try (ServiceTelemetry processorTelemetry =
            ServiceTelemetry.start(
                "ingest-processor",
                "io.ingestlens.processor",
                forcedName("ingest-processor", exportSettings),
                c -> {
                  c.addTracerProviderCustomizer((b, cfg) -> b.addSpanProcessor(hops.processorSide()));
                  c.addMeterProviderCustomizer((b, cfg) -> b.registerMetricReader(processorMetrics));
                });
        ServiceTelemetry producerTelemetry =
            ServiceTelemetry.start(
                "ingest-producer",
                "io.ingestlens.producer",
                forcedName("ingest-producer", exportSettings),
                c -> {
                  c.addTracerProviderCustomizer((b, cfg) -> b.addSpanProcessor(hops.producerSide()));
                  c.addMeterProviderCustomizer((b, cfg) -> b.registerMetricReader(producerMetrics));
                });
        LocalPipeline pipeline = LocalPipeline.start(processorTelemetry.openTelemetry())) {
      out.println("Kafka broker in this JVM at " + pipeline.kafka().bootstrapServers());
      int code = pipeline.produce(producerTelemetry.openTelemetry(), out, err, replay.toArray(String[]::new));
      if (code != 0) {
        err.println("quickstart: the producer exited with code " + code);
        return code;
      }
      long published = published(producerMetrics.collect());
      pipeline.awaitHandled(published, PROCESSING_TIMEOUT);
      out.println();
      out.println("Per source, from the telemetry the two services emitted (" + published + " events):");
      SummaryTable.print(SummaryCalculator.summarize(processorMetrics.collect(), hops.crossedBySource()), out);
      return 0;
    }
  }

  /** In one JVM both SDKs read the same environment: the service name must win over it. */
  private static Map<String, String> forcedName(String serviceName, Map<String, String> settings) {
    Map<String, String> overrides = new HashMap<>(settings);
    overrides.put("otel.service.name", serviceName);
    return overrides;
  }

  private static long published(Iterable<MetricData> metrics) {
    long total = 0;
    for (MetricData metric : metrics) {
      if (metric.getName().equals("ingestion.events.published")) {
        for (LongPointData point : metric.getLongSumData().getPoints()) {
          total += point.getValue();
        }
      }
    }
    return total;
  }
}
