package io.ingestlens.bench;

import io.ingestlens.processor.ProcessorSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's command line.
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
    int workers) {

  /** What can be left out with --cases. */
  enum Part {
    CEILING, NOOP, FULL, HIGH_RATE, DELAY, REPLAY, CODEC;

    static Part parse(String name) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown case " + name + "; known: ceiling, noop, full, high-rate, delay, replay, codec");
      }
    }
  }

  static final String USAGE =
      """
      usage: java -Xmx512m -jar ingest-bench.jar [options]
        --events N          events published and read by each case (default 1000000)
        --repeat N          runs of each throughput case, median reported (default 3)
        --replay-records N  records in the legacy file replayed by the producer (default: --events)
        --delay-seconds N   measured seconds per paced rate (default 10)
        --rates A,B         paced rates in events/s (default 1000,20000)
        --sample PATH       legacy sample for sources, objects and messages (default logs.json)
        --jfr PATH          also profile one full-telemetry run with JFR into PATH
        --cases A,B         run only these: ceiling,noop,full,high-rate,delay,replay,codec (default all)
        --otel KEY=VALUE    extra OpenTelemetry SDK setting for every telemetry case, repeatable
                            (e.g. otel.bsp.max.queue.size=8192); the table then shows a variant
        --kafka KEY=VALUE   extra consumer setting for the processor and the poll-only consumer,
                            repeatable (e.g. max.partition.fetch.bytes=131072)
        --workers N         the processor's worker threads in the throughput cases
                            (default: its own default, one per core up to 4)
      """;

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

  static BenchOptions parse(String... args) {
    int events = 1_000_000;
    int repeat = 3;
    Integer replay = null;
    int delay = 10;
    List<Integer> rates = List.of(1_000, 20_000);
    Path sample = Path.of("logs.json");
    Path jfr = null;
    Set<Part> cases = EnumSet.allOf(Part.class);
    Map<String, String> otel = new LinkedHashMap<>();
    Map<String, String> kafka = new LinkedHashMap<>();
    int workers = ProcessorSettings.defaultWorkers();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h")) {
        throw new IllegalArgumentException(USAGE);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + flag + "\n" + USAGE);
      }
      String value = args[++i];
      switch (flag) {
        case "--events" -> events = number(flag, value);
        case "--repeat" -> repeat = number(flag, value);
        case "--replay-records" -> replay = number(flag, value);
        case "--delay-seconds" -> delay = number(flag, value);
        case "--rates" -> rates = numbers(flag, value);
        case "--sample" -> sample = Path.of(value);
        case "--jfr" -> jfr = Path.of(value);
        case "--workers" -> workers = number(flag, value);
        case "--cases" -> {
          cases = EnumSet.noneOf(Part.class);
          for (String name : value.split(",")) {
            cases.add(Part.parse(name));
          }
        }
        case "--otel" -> {
          int eq = value.indexOf('=');
          if (eq <= 0 || !value.startsWith("otel.")) {
            throw new IllegalArgumentException("--otel needs otel.KEY=VALUE, got " + value);
          }
          otel.put(value.substring(0, eq).trim(), value.substring(eq + 1).trim());
        }
        case "--kafka" -> {
          int eq = value.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("--kafka needs KEY=VALUE, got " + value);
          }
          kafka.put(value.substring(0, eq).trim(), value.substring(eq + 1).trim());
        }
        default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
      }
    }
    return new BenchOptions(events, repeat, replay == null ? events : replay, delay, rates, sample, jfr, cases, otel, kafka, workers);
  }

  private static int number(String flag, String value) {
    try {
      return Integer.parseInt(value.replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " needs a whole number, got " + value);
    }
  }

  private static List<Integer> numbers(String flag, String value) {
    List<Integer> list = new ArrayList<>();
    for (String part : value.split(",")) {
      list.add(number(flag, part.trim()));
    }
    return list;
  }

  private static void requirePositive(int value, String flag) {
    if (value <= 0) {
      throw new IllegalArgumentException(flag + " must be positive, got " + value);
    }
  }
}
