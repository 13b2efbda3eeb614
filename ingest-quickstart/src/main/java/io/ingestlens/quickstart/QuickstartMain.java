package io.ingestlens.quickstart;

import io.ingestlens.runtime.cli.CommandLineConventions;
import io.ingestlens.runtime.cli.EnvironmentDefaults;
import io.ingestlens.runtime.cli.ParameterErrors;
import io.ingestlens.runtime.otel.PullMetricReader;
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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * No-Docker quickstart: a real Kafka broker, the processor and a producer replay of logs.json in
 * one JVM, then a per-source summary computed from the telemetry the services emitted. Exports OTLP
 * too when a collector listens at OTEL_EXPORTER_OTLP_ENDPOINT.
 *
 * <p>Run through Maven ({@code -Dquickstart.args="--file PATH --no-rebase"}); {@code --help}
 * lists the options and exit codes.
 */
@Command(
    name = "quickstart",
    description = {
      "Starts a Kafka broker, the processor and a producer replay of a legacy file in one JVM, then prints "
          + "a per-source summary computed from the telemetry the two services emitted.",
      "Exports OTLP as well when a collector listens at OTEL_EXPORTER_OTLP_ENDPOINT (default http://localhost:4318)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the summary was printed",
      "1:an unexpected failure",
      "2:bad options, or a --file that cannot be read",
      "3:the producer could not publish to the broker"
    })
public final class QuickstartMain {

  private static final Duration PROCESSING_TIMEOUT = Duration.ofMinutes(5);

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Option(names = "--file", paramLabel = "PATH", defaultValue = "logs.json",
      description = "Legacy file to replay, a JSON array or JSON Lines. Default: logs.json (the repository root's).")
  Path file;

  @Option(names = "--no-rebase",
      description = "Keep the original run times; by default they are shifted so the newest run ends now.")
  boolean noRebase;

  private QuickstartMain() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err)
      throws InterruptedException {
    QuickstartMain options = new QuickstartMain();
    EnvironmentDefaults defaults = new EnvironmentDefaults(env);
    CommandLine commandLine = CommandLineConventions.apply(new CommandLine(options), defaults, out, err, "quickstart: ");
    try {
      if (CommandLine.printHelpIfRequested(commandLine.parseArgs(args))) {
        return 0;
      }
    } catch (ParameterException e) {
      err.println("quickstart: " + ParameterErrors.oneLine(e, defaults));
      return CommandLineConventions.EXIT_USAGE;
    }
    return options.run(env, out, err);
  }

  private int run(Map<String, String> env, PrintStream out, PrintStream err) throws InterruptedException {
    boolean rebase = !noRebase;
    if (!Files.isReadable(file)) {
      err.println("quickstart: cannot read " + file.toAbsolutePath() + " (run from the repository root or pass --file)");
      return CommandLineConventions.EXIT_USAGE;
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
    PullMetricReader processorMetrics = new PullMetricReader();
    PullMetricReader producerMetrics = new PullMetricReader();
    List<String> replay = new ArrayList<>(List.of("replay", "--file", file.toString()));
    if (rebase) {
      replay.add("--rebase-time");
    }

    try (ServiceTelemetry processorTelemetry =
            ServiceTelemetry.builder("ingest-processor", "io.ingestlens.processor")
                .overrides(forcedName("ingest-processor", exportSettings))
                .customize(c -> {
                  c.addTracerProviderCustomizer((b, cfg) -> b.addSpanProcessor(hops.processorSide()));
                  c.addMeterProviderCustomizer((b, cfg) -> b.registerMetricReader(processorMetrics));
                })
                .start();
        ServiceTelemetry producerTelemetry =
            ServiceTelemetry.builder("ingest-producer", "io.ingestlens.producer")
                .overrides(forcedName("ingest-producer", exportSettings))
                .customize(c -> {
                  c.addTracerProviderCustomizer((b, cfg) -> b.addSpanProcessor(hops.producerSide()));
                  c.addMeterProviderCustomizer((b, cfg) -> b.registerMetricReader(producerMetrics));
                })
                .start();
        LocalPipeline pipeline = LocalPipeline.start(processorTelemetry)) {
      out.println("Kafka broker in this JVM at " + pipeline.kafka().bootstrapServers());
      int code = pipeline.produce(producerTelemetry, out, err, replay.toArray(String[]::new));
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
