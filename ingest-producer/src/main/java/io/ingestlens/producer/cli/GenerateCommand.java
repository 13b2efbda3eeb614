package io.ingestlens.producer.cli;

import io.ingestlens.producer.generate.EventGenerator;
import io.ingestlens.producer.generate.Generate;
import io.ingestlens.producer.generate.GenerateOptions;
import io.ingestlens.producer.generate.GenerateResult;
import io.ingestlens.producer.generate.GeneratorKnobs;
import io.ingestlens.producer.generate.GeneratorProfile;
import io.ingestlens.producer.legacy.LegacyReader;
import io.ingestlens.producer.pacing.Sleeper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Publishes a continuous stream of runs shaped like the sample file (--file), timed now.",
      "Knobs make each alert fire on demand. Stops after --count or --duration, or on Ctrl-C."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "2:bad flags or settings, or a --file that cannot be read or is not JSON",
      "3:Kafka unreachable or not acknowledging",
      "130:interrupted (Ctrl-C, SIGTERM)"
    })
final class GenerateCommand implements Callable<Integer> {

  private static final Path DEFAULT_SAMPLE = Path.of("logs.json");

  private final CliContext context;

  @Mixin SharedOptions shared;

  @Option(
      names = "--file",
      paramLabel = "PATH",
      description = "Legacy file the stream is shaped like: a JSON array or JSON Lines; it must exist when given. "
          + "Default: logs.json when there is one, else a built-in profile of the same shape.")
  Path file;

  @Option(names = "--rate", paramLabel = "N", defaultValue = "2",
      description = "Events per second; 0 for as fast as possible. Default: 2.")
  double rate;

  @Option(names = "--count", paramLabel = "N", description = "Stop after N events. Default: no limit.")
  Long count;

  @Option(names = "--duration", paramLabel = "DURATION",
      description = "Stop after this long, e.g. 10m, 1h30m, PT10M, 600 (seconds). Default: no limit.")
  Duration duration;

  @Option(names = "--seed", paramLabel = "N",
      description = "Seed of a reproducible stream: same seed, same events and event ids. Default: random.")
  Long seed;

  @Option(names = "--failure-rate", paramLabel = "F",
      description = "Share of failed runs, 0 to 1. Default: the sample's share.")
  Double failureRate;

  @Option(names = "--slow-source", paramLabel = "NAME[:FACTOR]",
      description = "Multiply this source's durations (default factor 5). Repeatable.")
  List<String> slowSources = new ArrayList<>();

  @Option(names = "--silent-source", paramLabel = "NAME",
      description = "Never emit this source. Repeatable.")
  List<String> silentSources = new ArrayList<>();

  @Option(names = "--heavy-source", paramLabel = "NAME",
      description = "Runs of this source use over 150 MB and 60 s of CPU. Repeatable.")
  List<String> heavySources = new ArrayList<>();

  @Option(names = "--burst-object", paramLabel = "NAME",
      description = "Concentrate every failure on this object. Default: none.")
  String burstObject;

  GenerateCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    GenerateOptions options =
        new GenerateOptions(rate, count, duration, shared.progressEvery, SharedOptions.GENERATE_PROGRESS_INTERVAL);
    GeneratorProfile profile = profile();
    Map<String, Double> slow = new LinkedHashMap<>();
    slowSources.stream().map(GeneratorKnobs::parseSlow).forEach(e -> slow.put(e.getKey(), e.getValue()));
    GeneratorKnobs knobs =
        new GeneratorKnobs(
            failureRate != null ? failureRate : profile.failureShare(),
            slow,
            new HashSet<>(silentSources),
            new HashSet<>(heavySources),
            burstObject);
    long streamSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();
    EventGenerator generator = new EventGenerator(profile, knobs, streamSeed);
    context.err().printf("generate: seed %d, failure rate %.4f%n", streamSeed, knobs.failureRate());
    try (Output output = Output.open(shared, context)) {
      GenerateResult result =
          new Generate(generator, options, output.sink(), context.err(), context.clock(), System::nanoTime, Sleeper.SYSTEM)
              .run();
      String line = String.format("generate: %d events (%d failed runs), %d %s",
          result.emitted(), result.failedRuns(), result.delivered(), output.sink().verb());
      if (result.failed() > 0) {
        line += ", " + result.failed() + " not acknowledged by Kafka";
      }
      output.summary().println(line);
      return result.failed() > 0 ? ExitCodes.KAFKA : ExitCodes.OK;
    }
  }

  /**
   * The profile of {@code --file}, which must then be readable (exit code 2 otherwise, as for
   * replay). Without the flag, logs.json when there is one, else the built-in profile: the compose
   * stack's generator has no sample file.
   */
  private GeneratorProfile profile() throws Exception {
    Path sample = file != null ? file : DEFAULT_SAMPLE;
    if (file != null) {
      LegacyReader.checkFile(file);
    } else if (!Files.exists(DEFAULT_SAMPLE)) {
      context.err().println("generate: no " + DEFAULT_SAMPLE + " here, using the built-in profile");
      return GeneratorProfile.builtIn();
    }
    Optional<GeneratorProfile> profile = GeneratorProfile.fromSample(sample, shared.zone);
    if (profile.isEmpty()) {
      context.err().println("generate: no successful run in " + sample + ", using the built-in profile");
    }
    return profile.orElseGet(GeneratorProfile::builtIn);
  }
}
