package io.ingestlens.bench;

import io.ingestlens.processor.ProcessorSettings;
import io.ingestlens.runtime.otel.backpressure.TelemetryOverflow;
import io.ingestlens.testkit.OtlpReceiver;
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

  static final double MIN_LOSSLESS_RATE = 100_000;
  static final double MAX_TELEMETRY_CPU_FACTOR = 2.0;
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
    out.printf("- options: --events %d --repeat %d --replay-records %d --delay-seconds %d --rates %s --overflow %s --receiver %s%n",
        options.events(), options.repeat(), options.replayRecords(), options.delaySeconds(),
        options.rates().stream().map(String::valueOf).collect(Collectors.joining(",")),
        options.overflow().name().toLowerCase(java.util.Locale.ROOT),
        options.receiver() == OtlpReceiver.Keeping.WIRE_COUNTS ? "count" : "decode");
    out.printf("- overflow (INGEST_TELEMETRY_OVERFLOW) of the telemetry cases: %s; OTLP receiver: %s%n",
        options.overflow().name().toLowerCase(java.util.Locale.ROOT),
        options.receiver() == OtlpReceiver.Keeping.WIRE_COUNTS ? "count (wire format)" : "decode (protobuf classes)");
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
    out.printf("## Sustained lossless throughput (median of %d runs)%n", options.repeat());
    out.println();
    out.println("A telemetry case counts only when every span and log record it made reached the receiver: the SDK");
    out.println("dropped none, no export failed, and the receiver counted all that the SDK handed its exporters. A case");
    out.println("that lost anything in any run shows what it lost, never a rate.");
    out.println();
    out.println("| case | events/s | vs ceiling | runs (events/s) | other processes' load during the runs (cores) |");
    out.println("|---|---:|---:|---|---|");
    for (Case c : measured(runs)) {
      List<CaseResult> list = runs.get(c);
      String runsColumn = list.stream()
          .map(r -> r.lostTelemetry() ? "lost telemetry" : String.format("%,.0f", r.rate()))
          .collect(Collectors.joining(" / "));
      String load = list.stream().map(r -> String.format("%.2f", r.otherLoad())).collect(Collectors.joining(" / "));
      if (anyLost(list)) {
        out.printf("| %s | **%s** (worst run) | - | %s | %s |%n", label(c), worstLoss(list), runsColumn, load);
      } else {
        double rate = median(list, CaseResult::rate);
        out.printf("| %s | %,.0f | %.1f%% | %s | %s |%n", label(c), rate, 100 * rate / ceiling, runsColumn, load);
      }
    }
    List<Case> lossy = measured(runs).stream().filter(c -> anyLost(runs.get(c))).toList();
    if (!lossy.isEmpty()) {
      out.println();
      out.println("What the cases that lost telemetry bought by it (not a throughput: the telemetry of these events is");
      out.println("incomplete):");
      out.println();
      for (Case c : lossy) {
        List<CaseResult> list = runs.get(c);
        out.printf("- %s: events handled at %s per second; its SDK %s (worst run)%n", label(c),
            list.stream().map(r -> String.format("%,.0f", r.rate())).collect(Collectors.joining(" / ")), worstLoss(list));
      }
    }

    out.println();
    out.println("## CPU per event (microseconds, median)");
    out.println();
    out.println("| case | work threads | telemetry threads | Kafka clients | service total | broker and other | OTLP receiver | GC threads | JIT | JVM other | process total |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Case c : measured(runs)) {
      List<CaseResult> list = runs.get(c);
      out.printf("| %s | %.2f | %.2f | %.2f | **%.2f** | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n", label(c),
          median(list, r -> r.cpuMicros(Group.POLL)),
          median(list, r -> r.cpuMicros(Group.TELEMETRY)),
          median(list, r -> r.cpuMicros(Group.KAFKA_CLIENTS)),
          median(list, CaseResult::serviceCpuMicros),
          median(list, r -> r.cpuMicros(Group.BROKER) + r.cpuMicros(Group.BENCH)),
          median(list, r -> r.cpuMicros(Group.RECEIVER)),
          median(list, r -> r.cpuMicros(Group.GC)),
          median(list, r -> r.cpuMicros(Group.JIT)),
          median(list, r -> r.cpuMicros(Group.JVM)),
          median(list, CaseResult::processCpuMicros));
    }

    out.println();
    out.printf("## Telemetry export, every case (median; drops and failures: the worst run; receiver: %s)%n",
        options.receiver() == OtlpReceiver.Keeping.WIRE_COUNTS ? "counts on the wire format" : "decodes every request");
    out.println();
    out.println("| case | OTLP B/event: traces / metrics / logs | spans received | spans dropped | logs received | logs dropped | items in failed exports | telemetry-thread CPU per span or log | flush after last event | lossless |");
    out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
    for (Case c : measured(runs)) {
      List<CaseResult> list = runs.get(c);
      if (list.get(0).received() == null) {
        out.printf("| %s | no telemetry | - | - | - | - | - | - | - | - |%n", label(c));
        continue;
      }
      out.printf("| %s | %.0f / %.1f / %.0f | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %.2f us | %.2f s | %s |%n", label(c),
          median(list, r -> bytesPerEvent(r, TelemetryReceived.TRACES)),
          median(list, r -> bytesPerEvent(r, TelemetryReceived.METRICS)),
          median(list, r -> bytesPerEvent(r, TelemetryReceived.LOGS)),
          median(list, CaseResult::receivedSpans),
          max(list, CaseResult::droppedSpans),
          median(list, CaseResult::receivedLogs),
          max(list, CaseResult::droppedLogs),
          max(list, r -> r.received().failedExports()),
          median(list, r -> r.cpu().get(Group.TELEMETRY) / 1e3 / Math.max(1, r.receivedSpans() + r.receivedLogs())),
          median(list, CaseResult::drainSeconds),
          anyLost(list) ? "**no**" : "yes");
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

    targets(runs, delays, delayOutcome, baseline, fullMid);
  }

  private String label(Case c) {
    return c.label(options.overflow());
  }

  static boolean anyLost(List<CaseResult> runs) {
    return runs.stream().anyMatch(CaseResult::lostTelemetry);
  }

  /** The losses of the run that lost most. */
  static String worstLoss(List<CaseResult> runs) {
    return runs.stream().filter(CaseResult::lostTelemetry)
        .max(java.util.Comparator.comparingDouble(r -> r.droppedSpans() + r.droppedLogs()))
        .map(r -> r.received().losses()).orElse("nothing lost");
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
    TelemetryReceived r = delayOutcome.received();
    out.println();
    out.printf("Over all paced rates (overflow %s) the processor's SDK %s; the receiver got %,d spans and %,d log records (%s).%n",
        options.overflow().name().toLowerCase(java.util.Locale.ROOT), r.losses(), r.spans(), r.logRecords(),
        r.lossless() ? "lossless" : "**not lossless**");

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
      DelayProbe.Outcome delayOutcome, MemoryProbe.Reading baseline, MemoryProbe.Reading fullMid) {
    out.println();
    out.println("## Targets (2 cores, broker in the same JVM)");
    out.println();
    out.println("| target | measured | result |");
    out.println("|---|---|---|");
    List<CaseResult> full = runs.get(Case.FULL);
    String fullTarget = String.format("processor, full telemetry, lossless >= %,.0f events/s", MIN_LOSSLESS_RATE);
    if (full.isEmpty()) {
      notMeasured(fullTarget);
    } else if (options.overflow() != TelemetryOverflow.BLOCK) {
      out.printf("| %s | not measured (--overflow drop) | - |%n", fullTarget);
    } else if (anyLost(full)) {
      target(fullTarget, worstLoss(full) + " (worst run)", false);
    } else {
      double rate = median(full, CaseResult::rate);
      target(fullTarget, String.format("%,.0f events/s (runs %s)", rate, rates(full)), rate >= MIN_LOSSLESS_RATE);
    }
    String cpuTarget = "full telemetry's service CPU per event <= 2x the no-op processor's, same run";
    List<CaseResult> noop = runs.get(Case.NOOP);
    if (noop.isEmpty() || full.isEmpty()) {
      notMeasured(cpuTarget);
    } else {
      double noopCpu = median(noop, CaseResult::serviceCpuMicros);
      double fullCpu = median(full, CaseResult::serviceCpuMicros);
      String high = runs.get(Case.HIGH_RATE).isEmpty() ? ""
          : String.format("; high-rate profile %.2fx", median(runs.get(Case.HIGH_RATE), CaseResult::serviceCpuMicros) / noopCpu);
      target(cpuTarget, String.format("%.2fx (%.2f vs %.2f us; whole process %.2fx)%s", fullCpu / noopCpu, fullCpu, noopCpu,
              median(full, CaseResult::processCpuMicros) / median(noop, CaseResult::processCpuMicros), high),
          fullCpu / noopCpu <= MAX_TELEMETRY_CPU_FACTOR && !anyLost(full));
    }
    List<CaseResult> replay = runs.get(Case.REPLAY);
    String replayTarget = String.format("producer replay, lossless >= %,.0f records/s", MIN_LOSSLESS_RATE);
    if (replay.isEmpty()) {
      notMeasured(replayTarget);
    } else if (options.overflow() != TelemetryOverflow.BLOCK) {
      out.printf("| %s | not measured (--overflow drop) | - |%n", replayTarget);
    } else if (anyLost(replay)) {
      target(replayTarget, worstLoss(replay) + " (worst run)", false);
    } else {
      double rate = median(replay, CaseResult::rate);
      target(replayTarget, String.format("%,.0f records/s (runs %s)", rate, rates(replay)), rate >= MIN_LOSSLESS_RATE);
    }
    DelayProbe.Result at1k = delays.stream().filter(d -> d.rate() == DELAY_TARGET_RATE).findFirst().orElse(null);
    String delayTarget = "publish-to-processed p99 <= 50 ms at 1,000 events/s, full telemetry";
    if (at1k == null) {
      notMeasured(delayTarget);
    } else {
      boolean lossless = delayOutcome.received().lossless();
      target(delayTarget, String.format("%.2f ms (histogram estimate %.1f ms)%s", at1k.p99Ms(), at1k.histogramP99Ms(),
          lossless ? ", lossless" : "; telemetry " + delayOutcome.received().losses()), at1k.p99Ms() <= MAX_P99_MS && lossless);
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
            share <= MAX_HEAP_BYTES ? "met for the processor's share; the whole JVM is over" : "**missed**");
      }
    }
    DelayProbe.Result fastest = delays.stream().max(java.util.Comparator.comparingInt(DelayProbe.Result::rate)).orElse(null);
    if (fastest != null && delayOutcome != null) {
      // Not a target: the same ratio where the processor keeps up with a paced rate.
      DelayProbe.SteadyCpu steadyFull = fastest.cpu();
      DelayProbe.SteadyCpu steadyNoop = steadyNoop(delayOutcome, fastest.rate());
      out.printf("| (not a target) service CPU per event, full telemetry vs no-op, at a steady %,d events/s | %.2fx (%.2f vs %.2f us); whole process %.2fx | info |%n",
          fastest.rate(), steadyFull.serviceMicros() / steadyNoop.serviceMicros(), steadyFull.serviceMicros(),
          steadyNoop.serviceMicros(), steadyFull.processMicros() / steadyNoop.processMicros());
    }
  }

  private static String rates(List<CaseResult> runs) {
    return runs.stream().map(r -> String.format("%,.0f", r.rate())).collect(Collectors.joining(" / "));
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

  void profile(String caseLabel, JfrProfile.Analysis analysis) {
    JfrProfile.Profile work = analysis.work();
    JfrProfile.Profile telemetry = analysis.telemetry();
    JfrProfile.Profile all = analysis.all();
    out.println();
    out.println("## JFR profile: " + caseLabel);
    out.println();
    out.printf("Recording: %s (`jfr summary`, `jfr print --events jdk.ExecutionSample`). %,d CPU samples in all,%n",
        analysis.file(), all.samples());
    out.printf("%,d on the work threads (%,d truncated stacks), %,d on the telemetry SDK threads.%n",
        work.samples(), work.truncated(), telemetry.samples());
    out.println("```");
    JfrProfile.printTop(out, "work threads, self time by top frame:", work.self(), work.samples(), 20, m -> true, "");
    JfrProfile.printTop(out, "work threads, inclusive time, service and SDK methods:", work.inclusive(), work.samples(), 30,
        m -> m.startsWith("io.ingestlens.") || m.startsWith("io.opentelemetry.") || m.startsWith("com.fasterxml.")
            || m.startsWith("org.apache.kafka.clients.consumer.KafkaConsumer")
            || m.startsWith("org.apache.kafka.clients.producer.KafkaProducer"), "");
    JfrProfile.printTop(out, "telemetry threads, self time by top frame:", telemetry.self(), telemetry.samples(), 15, m -> true, "");
    JfrProfile.printTop(out, "telemetry threads, inclusive time, SDK and exporter methods:", telemetry.inclusive(),
        telemetry.samples(), 15, m -> m.startsWith("io.opentelemetry.") || m.startsWith("okhttp3.") || m.startsWith("jdk.internal.net.http."), "");
    long allocated = work.allocationBytes().values().stream().mapToLong(Long::longValue).sum();
    JfrProfile.printTop(out, String.format("work threads, allocation by site (%,d MB sampled weight):", allocated / 1_000_000),
        work.allocationBytes(), allocated, 15, m -> true, "");
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
    out.printf("| %s | %s | %s |%n", what, measured, pass ? "met" : "**missed**");
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
