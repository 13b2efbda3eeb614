package io.ingestlens.bench;

import io.ingestlens.processor.ProcessorSettings;
import io.ingestlens.runtime.otel.backpressure.TelemetryOverflow;
import io.ingestlens.testkit.OtlpReceiver;
import io.ingestlens.runtime.cli.CommandLineConventions;
import io.ingestlens.runtime.cli.EnvironmentDefaults;
import io.ingestlens.runtime.cli.Numbers;
import io.ingestlens.runtime.cli.ParameterErrors;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The benchmark's options, from its command line ({@link Flags}; {@code --help} lists them with
 * their defaults).
 *
 * @param events events published once and read by every case
 * @param repeat runs of each throughput case; the table shows the median
 * @param replayRecords records in the legacy file the producer replays
 * @param delaySeconds measured seconds of each paced-rate phase (after a warm-up)
 * @param rates paced rates, events per second
 * @param sample legacy sample the generator draws sources, objects and messages from
 * @param jfr when set, one extra full-telemetry run is recorded with JFR into this file
 * @param cases which cases run (all by default; ratios need the ceiling)
 * @param otel extra SDK settings for every telemetry case, to try a tuning (e.g. a queue size)
 * @param kafka extra consumer settings for the processor and the poll-only consumer alike
 * @param workers the processor's worker threads in the throughput cases (INGEST_WORKERS)
 * @param overflow INGEST_TELEMETRY_OVERFLOW of every telemetry case but {@code full-drop}
 * @param receiver what the OTLP receiver standing in for the collector does with spans and logs
 */
record BenchOptions(
    int events,
    int repeat,
    int replayRecords,
    int delaySeconds,
    List<Integer> rates,
    Path sample,
    Path jfr,
    Set<Part> cases,
    Map<String, String> otel,
    Map<String, String> kafka,
    int workers,
    TelemetryOverflow overflow,
    OtlpReceiver.Keeping receiver) {

  /** What can be left out with --cases. */
  enum Part {
    CEILING, NOOP, FULL, HIGH_RATE, FULL_DROP, DELAY, REPLAY, CODEC;

    static Part parse(String name) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown case " + name + "; known: " + KNOWN);
      }
    }
  }

  static final String KNOWN = "ceiling, noop, full, high-rate, full-drop, delay, replay, codec";

  BenchOptions {
    requirePositive(events, "--events");
    requirePositive(repeat, "--repeat");
    requirePositive(replayRecords, "--replay-records");
    requirePositive(delaySeconds, "--delay-seconds");
    requirePositive(workers, "--workers");
    rates = List.copyOf(rates);
    rates.forEach(r -> requirePositive(r, "--rates"));
    cases = cases.isEmpty() ? EnumSet.noneOf(Part.class) : EnumSet.copyOf(cases);
    otel = Map.copyOf(otel);
    kafka = Map.copyOf(kafka);
  }

  boolean runs(Part part) {
    return cases.contains(part);
  }

  /**
   * The options {@code args} give; with {@code --help}, the usage is printed on {@code out} and the
   * result is empty.
   *
   * @throws IllegalArgumentException with a one-line message naming the flag at fault
   */
  static Optional<BenchOptions> parse(String[] args, PrintStream out) {
    Flags flags = new Flags();
    EnvironmentDefaults defaults = new EnvironmentDefaults(Map.of());
    CommandLine commandLine = CommandLineConventions.apply(new CommandLine(flags), defaults, out, System.err, "");
    try {
      if (CommandLine.printHelpIfRequested(commandLine.parseArgs(args))) {
        return Optional.empty();
      }
    } catch (ParameterException e) {
      throw new IllegalArgumentException(ParameterErrors.oneLine(e, defaults), e);
    }
    return Optional.of(flags.options());
  }

  /** As {@link #parse(String[], PrintStream)}, for arguments that do not ask for help. */
  static BenchOptions parse(String... args) {
    return parse(args, System.out).orElseThrow(() -> new IllegalArgumentException("--help asked for"));
  }

  /** The command line of {@code java -jar ingest-bench.jar}. */
  @Command(
      name = "java -Xmx512m -jar ingest-bench.jar",
      description = "Runs every benchmark case on one in-process broker and one data set, and prints the report.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:report printed", "1:a case failed", "2:bad options"})
  static final class Flags {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--events", paramLabel = "N", defaultValue = "1000000", converter = Count.class,
        description = "Events published and read by each case. Default: 1000000.")
    int events;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "3", converter = Count.class,
        description = "Runs of each throughput case, median reported. Default: 3.")
    int repeat;

    @Option(names = "--replay-records", paramLabel = "N", converter = Count.class,
        description = "Records in the legacy file replayed by the producer. Default: --events.")
    Integer replayRecords;

    @Option(names = "--delay-seconds", paramLabel = "N", defaultValue = "10", converter = Count.class,
        description = "Measured seconds per paced rate. Default: 10.")
    int delaySeconds;

    @Option(names = "--rates", paramLabel = "N", split = ",", defaultValue = "1000,20000", converter = Count.class,
        description = "Paced rates in events/s. Default: 1000,20000.")
    List<Integer> rates;

    @Option(names = "--sample", paramLabel = "PATH", defaultValue = "logs.json",
        description = "Legacy sample for sources, objects and messages. Default: logs.json.")
    Path sample;

    @Option(names = "--jfr", paramLabel = "PATH",
        description = "Also profile one full-telemetry run with JFR into PATH. Default: no profile.")
    Path jfr;

    @Option(names = "--cases", paramLabel = "CASE", split = ",", converter = PartConverter.class,
        description = "Run only these: ceiling,noop,full,high-rate,full-drop,delay,replay,codec. Default: all.")
    List<Part> cases;

    @Option(names = "--otel", paramLabel = "KEY=VALUE",
        description = "Extra OpenTelemetry SDK setting for every telemetry case, repeatable "
            + "(e.g. otel.bsp.max.queue.size=8192); the table then shows a variant.")
    List<String> otel = new ArrayList<>();

    @Option(names = "--kafka", paramLabel = "KEY=VALUE",
        description = "Extra consumer setting for the processor and the poll-only consumer, repeatable "
            + "(e.g. max.partition.fetch.bytes=131072).")
    List<String> kafka = new ArrayList<>();

    @Option(names = "--workers", paramLabel = "N", converter = Count.class,
        description = "The processor's worker threads in the throughput cases. "
            + "Default: its own default, one per core up to 4.")
    Integer workers;

    @Option(names = "--overflow", paramLabel = "block|drop", defaultValue = "block", converter = OverflowConverter.class,
        description = "INGEST_TELEMETRY_OVERFLOW of the telemetry cases (full, high-rate, replay, delay): block waits "
            + "for the exporters and loses nothing, drop is the SDK's own behaviour. The full-drop case always drops. "
            + "Default: block, as the services ship.")
    TelemetryOverflow overflow;

    @Option(names = "--receiver", paramLabel = "count|decode", defaultValue = "count",
        description = "What the OTLP receiver does with each span and log record: count walks the protobuf wire format, "
            + "decode parses it with the protobuf classes (a collector's cost, in the measured JVM). Default: count.")
    String receiver;

    BenchOptions options() {
      Map<String, String> otelSettings = new LinkedHashMap<>();
      for (String value : otel) {
        int eq = value.indexOf('=');
        if (eq <= 0 || !value.startsWith("otel.")) {
          throw new IllegalArgumentException("--otel needs otel.KEY=VALUE, got " + value);
        }
        otelSettings.put(value.substring(0, eq).trim(), value.substring(eq + 1).trim());
      }
      Map<String, String> kafkaSettings = new LinkedHashMap<>();
      for (String value : kafka) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("--kafka needs KEY=VALUE, got " + value);
        }
        kafkaSettings.put(value.substring(0, eq).trim(), value.substring(eq + 1).trim());
      }
      return new BenchOptions(
          events,
          repeat,
          replayRecords == null ? events : replayRecords,
          delaySeconds,
          rates,
          sample,
          jfr,
          cases == null ? EnumSet.allOf(Part.class) : EnumSet.copyOf(cases),
          otelSettings,
          kafkaSettings,
          workers == null ? ProcessorSettings.defaultWorkers() : workers,
          overflow,
          switch (receiver) {
            case "count" -> OtlpReceiver.Keeping.WIRE_COUNTS;
            case "decode" -> OtlpReceiver.Keeping.DECODED_COUNTS;
            default -> throw new IllegalArgumentException("--receiver takes count or decode, got " + receiver);
          });
    }
  }

  private static void requirePositive(int value, String flag) {
    if (value <= 0) {
      throw new IllegalArgumentException(flag + " must be positive, got " + value);
    }
  }

  /** A positive whole number, written with _ or , between thousands if one likes (1_000_000). */
  static final class Count implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return new Numbers.PositiveInt().convert(value.replace("_", "").replace(",", ""));
    }
  }

  static final class OverflowConverter implements ITypeConverter<TelemetryOverflow> {
    @Override
    public TelemetryOverflow convert(String value) {
      try {
        return TelemetryOverflow.fromSetting(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class PartConverter implements ITypeConverter<Part> {
    @Override
    public Part convert(String value) {
      try {
        return Part.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
