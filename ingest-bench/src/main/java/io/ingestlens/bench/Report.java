package io.ingestlens.bench;

import io.ingestlens.processor.ProcessorSettings;
import io.ingestlens.bench.PipelineBenchmark.Case;
import io.ingestlens.bench.ThreadCpu.Group;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** Prints the figures as Markdown tables, each with its ratio to the ceiling and its target. */
final class Report {

  static final double FULL_MIN_SHARE = 0.20;
  static final double HIGH_RATE_MIN_SHARE = 0.30;
  static final double MAX_TELEMETRY_CPU_FACTOR = 2.0;
  static final double MIN_REPLAY_RATE = 100_000;
  static final int DELAY_TARGET_RATE = 1_000;
  static final double MAX_P99_MS = 50;
  static final long MAX_HEAP_BYTES = 256L * 1024 * 1024;
  private static final double MIB = 1024.0 * 1024.0;

  private final PrintStream out;
  private final BenchOptions options;
  private final Machine machine;
  private final LocalDate date;

  Report(PrintStream out, BenchOptions options, Machine machine, LocalDate date) {
    this.out = out;
    this.options = options;
    this.machine = machine;
    this.date = date;
  }

  void header() {
    out.println("# IngestLens pipeline benchmark, " + date);
    out.println();
    out.printf("- machine: %d cores, %s; %s%n", machine.cores(), machine.cpuModel(), machine.os());
    out.printf("- JVM: %s; heap max %.0f MiB; GC %s; flags: %s%n",
        machine.jvm(), machine.heapMaxBytes() / MIB, machine.gc(), machine.jvmArgs().isEmpty() ? "(none)" : machine.jvmArgs());
    out.printf("- options: --events %d --repeat %d --replay-records %d --delay-seconds %d --rates %s%n",
        options.events(), options.repeat(), options.replayRecords(), options.delaySeconds(),
        options.rates().stream().map(String::valueOf).collect(Collectors.joining(",")));
    out.println("- broker: in-process single-node KRaft in the same JVM, 3 partitions per topic");
    out.printf("- processor: %d worker thread(s) in the throughput cases (INGEST_WORKERS), the default %d in the paced rates%n",
        options.workers(), ProcessorSettings.defaultWorkers());
  }

  void data(Dataset.Stats data, long legacyBytes) {
    out.println();
    out.println("## Data");
    out.println();
    out.printf("- %,d events, values %d..%d B (mean %.0f B), %.2f%% FAILED, key = <source>/<object> as the producer keys it%n",
        data.events(), data.minBytes(), data.maxBytes(), data.meanBytes(), 100.0 * data.failed() / data.events());
    out.printf("- traceparent sampled: 100%% on %s; %.2f%% on %s (FAILED or trace-id ratio < %.1f)%n",
        PipelineBenchmark.SAMPLED_TOPIC, 100.0 * data.ratioSampled() / data.events(), PipelineBenchmark.RATIO_TOPIC,
        Dataset.TRACE_RATIO);
    out.printf("- generated and published to both topics in %.1f s%n", data.seconds());
    if (legacyBytes >= 0) {
      out.printf("- legacy file for the replay: %,d records, %,d bytes%n", options.replayRecords(), legacyBytes);
    }
  }

  void results(Map<Case, List<CaseResult>> runs, DelayProbe.Outcome delayOutcome, MemoryProbe.Reading baseline) {
    double ceiling = median(runs.get(Case.CEILING), CaseResult::rate);
    List<DelayProbe.Result> delays = delayOutcome == null ? List.of() : delayOutcome.results();
    if (!options.otel().isEmpty()) {
      out.println();
      out.println("**Variant**: every telemetry case ran with " + options.otel() + " on top of the services' settings.");
    }
    if (!options.kafka().isEmpty()) {
      out.println();
      out.println("**Variant**: the consumers ran with " + options.kafka() + ".");
    }

    out.println();
    out.printf("## Throughput (median of %d runs)%n", options.repeat());
    out.println();
    out.println("| case | events/s | vs ceiling | runs (events/s) | other processes' load during the runs (cores) |");
    out.println("|---|---:|---:|---|---|");
    for (Case c : measured(runs)) {
      List<CaseResult> list = runs.get(c);
      double rate = median(list, CaseResult::rate);
      out.printf("| %s | %,.0f | %.1f%% | %s | %s |%n", c.label, rate, 100 * rate / ceiling,
          list.stream().map(r -> String.format("%,.0f", r.rate())).collect(Collectors.joining(" / ")),
          list.stream().map(r -> String.format("%.2f", r.otherLoad())).collect(Collectors.joining(" / ")));
    }

    out.println();
    out.println("## CPU per event (microseconds, median)");
    out.println();
    out.println("| case | work thread | telemetry threads | Kafka clients | service total | broker and other | OTLP sink | GC threads | JIT | JVM other | process total |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Case c : measured(runs)) {
      List<CaseResult> list = runs.get(c);
      out.printf("| %s | %.2f | %.2f | %.2f | **%.2f** | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n", c.label,
          median(list, r -> r.cpuMicros(Group.POLL)),
          median(list, r -> r.cpuMicros(Group.TELEMETRY)),
          median(list, r -> r.cpuMicros(Group.KAFKA_CLIENTS)),
          median(list, CaseResult::serviceCpuMicros),
          median(list, r -> r.cpuMicros(Group.BROKER) + r.cpuMicros(Group.BENCH)),
          median(list, r -> r.cpuMicros(Group.SINK)),
          median(list, r -> r.cpuMicros(Group.GC)),
          median(list, r -> r.cpuMicros(Group.JIT)),
          median(list, r -> r.cpuMicros(Group.JVM)),
          median(list, CaseResult::processCpuMicros));
    }

    out.println();
    out.println("## Telemetry export (median; drops: the largest of any run)");
    out.println();
    out.println("| case | OTLP B/event: traces / metrics / logs | spans exported | spans dropped | logs exported | logs dropped | telemetry-thread CPU per exported span or log | flush after last event |");
    out.println("|---|---|---:|---:|---:|---:|---:|---:|");
    for (Case c : List.of(Case.FULL, Case.HIGH_RATE, Case.REPLAY)) {
      List<CaseResult> list = runs.get(c);
      if (list.isEmpty()) {
        continue;
      }
      out.printf("| %s | %.0f / %.1f / %.0f | %,.0f | %,.0f | %,.0f | %,.0f | %.2f us | %.2f s |%n", c.label,
          median(list, r -> bytesPerEvent(r, OtlpSink.TRACES)),
          median(list, r -> bytesPerEvent(r, OtlpSink.METRICS)),
          median(list, r -> bytesPerEvent(r, OtlpSink.LOGS)),
          median(list, CaseResult::exportedSpans),
          max(list, CaseResult::droppedSpans),
          median(list, CaseResult::exportedLogs),
          max(list, CaseResult::droppedLogs),
          median(list, r -> r.cpu().get(Group.TELEMETRY) / 1e3 / (r.exportedSpans() + r.exportedLogs())),
          median(list, CaseResult::drainSeconds));
    }

    if (delayOutcome != null) {
      delaySection(delayOutcome, ceiling);
    }

    out.println();
    out.println("## Memory (whole JVM: broker, benchmark and service together)");
    out.println();
    out.println("| when | heap after GC | heap committed | RSS |");
    out.println("|---|---:|---:|---:|");
    memoryRow("data published, no service running (baseline)", baseline);
    MemoryProbe.Reading fullMid = runs.get(Case.FULL).stream()
        .map(CaseResult::memory).filter(m -> m != null).findFirst().orElse(null);
    memoryRow("processor at full speed, full telemetry, half-way", fullMid);
    for (DelayProbe.Result d : delays) {
      memoryRow(String.format("processor at %,d events/s, full telemetry", d.rate()), d.memory());
    }

    targets(runs, delays, delayOutcome, baseline, fullMid, ceiling);
  }

  private void delaySection(DelayProbe.Outcome delayOutcome, double ceiling) {
    List<DelayProbe.Result> delays = delayOutcome.results();
    out.println();
    out.println("## Publish-to-processed delay (processor with full telemetry)");
    out.println();
    out.println("Exact: from just before the producer's send() (when the record timestamp is taken) to the");
    out.println("processor emitting the event's run log record. Histogram: the processor's own");
    out.println("ingestion.event.delivery_delay (record timestamp to start of handling), interpolated in its buckets.");
    out.println();
    out.println("| rate (achieved) | events | p50 | p90 | p99 | max | histogram p50 | histogram p99 | rate vs ceiling |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (DelayProbe.Result d : delays) {
      out.printf("| %,d/s (%,.0f/s) | %,d%s | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.1f ms | %.1f ms | %.1f%% |%n",
          d.rate(), d.achievedRate(), d.samples(), d.lost() > 0 ? " (" + d.lost() + " unseen)" : "",
          d.p50Ms(), d.p90Ms(), d.p99Ms(), d.maxMs(), d.histogramP50Ms(), d.histogramP99Ms(), 100 * d.rate() / ceiling);
    }
    OtlpSink.Received r = delayOutcome.received();
    out.println();
    out.printf("Over all paced rates the processor's SDK dropped %,.0f spans and %,.0f log records (exported %,.0f and %,.0f).%n",
        r.self("processedSpans", "dropped=true"), r.self("processedLogs", "dropped=true"),
        r.self("processedSpans", "dropped=false"), r.self("processedLogs", "dropped=false"));

    out.println();
    out.println("## CPU per event at steady rates (microseconds)");
    out.println();
    out.println("The processor keeping up with a paced rate: full telemetry (the run above) and a no-op");
    out.println("OpenTelemetry (same rates, same commit cadence), until every event sent was handled.");
    out.println();
    out.println("Service: poll and worker threads + telemetry threads + the processor's Kafka clients. Process: everything but");
    out.println("the benchmark's publishing thread (broker, sink, GC and JIT included).");
    out.println();
    out.println("| rate | full: poll and workers | full: telemetry threads | full: service | no-op: service | ratio | full: process | no-op: process | other load (cores) |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---|");
    for (DelayProbe.Result d : delays) {
      DelayProbe.SteadyCpu full = d.cpu();
      DelayProbe.SteadyCpu noop = steadyNoop(delayOutcome, d.rate());
      out.printf("| %,d/s | %.2f | %.2f | **%.2f** | **%.2f** | %.2fx | %.2f | %.2f | %.2f / %.2f |%n", d.rate(),
          full.pollMicros(), full.telemetryMicros(), full.serviceMicros(), noop.serviceMicros(),
          full.serviceMicros() / noop.serviceMicros(), full.processMicros(), noop.processMicros(),
          full.otherLoad(), noop.otherLoad());
    }
  }

  private static DelayProbe.SteadyCpu steadyNoop(DelayProbe.Outcome outcome, int rate) {
    return outcome.noop().stream().filter(c -> c.rate() == rate).findFirst()
        .orElse(new DelayProbe.SteadyCpu(rate, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN));
  }

  private void targets(Map<Case, List<CaseResult>> runs, List<DelayProbe.Result> delays,
      DelayProbe.Outcome delayOutcome, MemoryProbe.Reading baseline, MemoryProbe.Reading fullMid, double ceiling) {
    out.println();
    out.println("## Targets");
    out.println();
    out.println("| target | measured | result |");
    out.println("|---|---|---|");
    boolean hasCeiling = !runs.get(Case.CEILING).isEmpty();
    if (hasCeiling && !runs.get(Case.FULL).isEmpty()) {
      double full = median(runs.get(Case.FULL), CaseResult::rate);
      target("processor, full telemetry >= 20% of the ceiling",
          String.format("%.1f%% (%,.0f of %,.0f events/s)", 100 * full / ceiling, full, ceiling), full / ceiling >= FULL_MIN_SHARE);
    } else {
      notMeasured("processor, full telemetry >= 20% of the ceiling");
    }
    if (hasCeiling && !runs.get(Case.HIGH_RATE).isEmpty()) {
      double high = median(runs.get(Case.HIGH_RATE), CaseResult::rate);
      target("processor, high-rate profile >= 30% of the ceiling",
          String.format("%.1f%% (%,.0f events/s)", 100 * high / ceiling, high), high / ceiling >= HIGH_RATE_MIN_SHARE);
    } else {
      notMeasured("processor, high-rate profile >= 30% of the ceiling");
    }
    if (!runs.get(Case.NOOP).isEmpty() && !runs.get(Case.FULL).isEmpty()) {
      double noopCpu = median(runs.get(Case.NOOP), CaseResult::serviceCpuMicros);
      double fullCpu = median(runs.get(Case.FULL), CaseResult::serviceCpuMicros);
      double highCpu = median(runs.get(Case.HIGH_RATE), CaseResult::serviceCpuMicros);
      double noopProcess = median(runs.get(Case.NOOP), CaseResult::processCpuMicros);
      double fullProcess = median(runs.get(Case.FULL), CaseResult::processCpuMicros);
      target("telemetry costs at most 2x the no-op processor's CPU per event, at full speed (service threads)",
          String.format("full %.2fx (%.2f vs %.2f us), high-rate %.2fx; whole process (GC, broker included): full %.2fx",
              fullCpu / noopCpu, fullCpu, noopCpu, highCpu / noopCpu, fullProcess / noopProcess),
          fullCpu / noopCpu <= MAX_TELEMETRY_CPU_FACTOR);
    } else {
      notMeasured("telemetry costs at most 2x the no-op processor's CPU per event, at full speed");
    }
    DelayProbe.Result fastest = delays.stream().max(java.util.Comparator.comparingInt(DelayProbe.Result::rate)).orElse(null);
    if (fastest != null && delayOutcome != null) {
      DelayProbe.SteadyCpu full = fastest.cpu();
      DelayProbe.SteadyCpu noop = steadyNoop(delayOutcome, fastest.rate());
      target(String.format("telemetry costs at most 2x the no-op processor's CPU per event, at a steady %,d events/s (full telemetry, service threads)", fastest.rate()),
          String.format("%.2fx (%.2f vs %.2f us); whole process %.2fx", full.serviceMicros() / noop.serviceMicros(),
              full.serviceMicros(), noop.serviceMicros(), full.processMicros() / noop.processMicros()),
          full.serviceMicros() / noop.serviceMicros() <= MAX_TELEMETRY_CPU_FACTOR);
    }
    if (!runs.get(Case.REPLAY).isEmpty()) {
      double replay = median(runs.get(Case.REPLAY), CaseResult::rate);
      target("producer replay >= 100,000 records/s", String.format("%,.0f records/s", replay), replay >= MIN_REPLAY_RATE);
    } else {
      notMeasured("producer replay >= 100,000 records/s");
    }
    DelayProbe.Result at1k = delays.stream().filter(d -> d.rate() == DELAY_TARGET_RATE).findFirst().orElse(null);
    if (at1k == null) {
      notMeasured("publish-to-processed p99 <= 50 ms at 1,000 events/s");
    } else {
      target("publish-to-processed p99 <= 50 ms at 1,000 events/s",
          String.format("%.2f ms (histogram estimate %.1f ms)", at1k.p99Ms(), at1k.histogramP99Ms()), at1k.p99Ms() <= MAX_P99_MS);
    }
    List<MemoryProbe.Reading> readings = new ArrayList<>();
    if (fullMid != null) {
      readings.add(fullMid);
    }
    delays.forEach(d -> readings.add(d.memory()));
    if (readings.isEmpty()) {
      notMeasured("processor heap <= 256 MB at steady state (-Xmx512m)");
    } else {
      long heap = readings.stream().mapToLong(MemoryProbe.Reading::heapAfterGcBytes).max().orElseThrow();
      long share = heap - baseline.heapAfterGcBytes();
      String measured = String.format("whole JVM %.0f MiB after GC, of which the processor's share (above the"
          + " baseline of broker and benchmark) %.0f MiB", heap / MIB, share / MIB);
      if (heap <= MAX_HEAP_BYTES) {
        target("processor heap <= 256 MB at steady state (-Xmx512m)", measured, true);
      } else {
        out.printf("| %s | %s | %s |%n", "processor heap <= 256 MB at steady state (-Xmx512m)", measured,
            share <= MAX_HEAP_BYTES ? "pass for the processor's share; the whole JVM is over" : "**FAIL**");
      }
    }
    List<CaseResult> fullRuns = runs.get(Case.FULL);
    if (!fullRuns.isEmpty()) {
      boolean counted = fullRuns.stream().allMatch(r -> r.received().reports("processedSpans"));
      double spans = max(fullRuns, CaseResult::droppedSpans);
      double logs = max(fullRuns, CaseResult::droppedLogs);
      List<CaseResult> high = runs.get(Case.HIGH_RATE);
      target("telemetry export never blocks processing (bounded queues, drops counted)",
          String.format("queues bounded; drops read from the SDK's own metrics, worst run: full telemetry %,.0f spans,"
                  + " %,.0f logs; high-rate %,.0f spans, %,.0f logs",
              spans, logs, max(high, CaseResult::droppedSpans), max(high, CaseResult::droppedLogs)),
          counted);
      // Not one of the targets: how far the exporters fall behind a processor running flat out.
      out.printf("| %s | %s | %s |%n", "(not a target) full telemetry at full speed: what the exporters could not carry",
          String.format("%,.0f spans and %,.0f log records dropped in the worst run", spans, logs), "info");
    }
  }

  /** The event codec alone: what reading and writing one event cost, apart from everything else. */
  void codec(Map<CodecRun.Operation, CodecRun.Result> codec) {
    out.println();
    out.printf("## Event codec alone (one thread, median of %d rounds of %,d events)%n", options.repeat(), options.events());
    out.println();
    out.println("| operation | events/s | CPU per event | allocated per event |");
    out.println("|---|---:|---:|---:|");
    codec.forEach((op, r) -> out.printf("| %s | %,.0f | %.0f ns | %.0f B |%n",
        op.label, r.eventsPerSecond(), r.nanosPerEvent(), r.bytesPerEvent()));
  }

  private static List<Case> measured(Map<Case, List<CaseResult>> runs) {
    return runs.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
  }

  private void notMeasured(String what) {
    out.printf("| %s | not measured (--cases) | - |%n", what);
  }

  void profile(Path file, JfrProfile.Profile poll, JfrProfile.Profile telemetry, JfrProfile.Profile all) {
    out.println();
    out.println("## JFR profile of one full-telemetry run");
    out.println();
    out.printf("Recording: %s (`jfr summary`, `jfr print --events jdk.ExecutionSample`). %,d CPU samples in all,%n",
        file, all.samples());
    out.printf("%,d on the processor's poll and worker threads (%,d truncated stacks), %,d on the telemetry SDK threads.%n",
        poll.samples(), poll.truncated(), telemetry.samples());
    out.println("```");
    JfrProfile.printTop(out, "poll and worker threads, self time by top frame:", poll.self(), poll.samples(), 20, m -> true, "");
    JfrProfile.printTop(out, "poll and worker threads, inclusive time, service and SDK methods:", poll.inclusive(), poll.samples(), 30,
        m -> m.startsWith("io.ingestlens.") || m.startsWith("io.opentelemetry.") || m.startsWith("com.fasterxml.")
            || m.startsWith("org.apache.kafka.clients.consumer.KafkaConsumer"), "");
    JfrProfile.printTop(out, "telemetry threads, self time by top frame:", telemetry.self(), telemetry.samples(), 15, m -> true, "");
    JfrProfile.printTop(out, "telemetry threads, inclusive time, SDK and exporter methods:", telemetry.inclusive(),
        telemetry.samples(), 15, m -> m.startsWith("io.opentelemetry.") || m.startsWith("okhttp3."), "");
    long allocated = poll.allocationBytes().values().stream().mapToLong(Long::longValue).sum();
    JfrProfile.printTop(out, String.format("poll and worker threads, allocation by site (%,d MB sampled weight):", allocated / 1_000_000),
        poll.allocationBytes(), allocated, 15, m -> true, "");
    JfrProfile.printTop(out, "all threads, self time by top frame:", all.self(), all.samples(), 15, m -> true, "");
    out.println("```");
  }

  private void memoryRow(String when, MemoryProbe.Reading m) {
    if (m == null) {
      out.printf("| %s | - | - | - |%n", when);
    } else {
      out.printf("| %s | %.0f MiB | %.0f MiB | %s |%n", when, m.heapAfterGcBytes() / MIB,
          m.heapCommittedBytes() / MIB, m.rssBytes() < 0 ? "-" : String.format("%.0f MiB", m.rssBytes() / MIB));
    }
  }

  private void target(String what, String measured, boolean pass) {
    out.printf("| %s | %s | %s |%n", what, measured, pass ? "pass" : "**FAIL**");
  }

  private static double bytesPerEvent(CaseResult r, String path) {
    return r.received() == null ? 0 : (double) r.received().bytes(path) / r.measured();
  }

  static double median(List<CaseResult> runs, ToDoubleFunction<CaseResult> figure) {
    return Stats.median(runs.stream().map(figure::applyAsDouble).toList());
  }

  static double max(List<CaseResult> runs, ToDoubleFunction<CaseResult> figure) {
    return runs.stream().mapToDouble(figure).max().orElse(Double.NaN);
  }
}
