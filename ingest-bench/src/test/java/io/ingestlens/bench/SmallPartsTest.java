package io.ingestlens.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ingestlens.bench.ThreadCpu.Group;
import io.ingestlens.runtime.otel.backpressure.TelemetryOverflow;
import io.ingestlens.testkit.OtlpReceiver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small parsers and classifiers the figures depend on. */
class SmallPartsTest {

  @Test
  void optionsDefaultToTheDocumentedRun() {
    BenchOptions options = BenchOptions.parse();
    assertThat(options.events()).isEqualTo(1_000_000);
    assertThat(options.repeat()).isEqualTo(3);
    assertThat(options.replayRecords()).isEqualTo(1_000_000);
    assertThat(options.rates()).containsExactly(1_000, 20_000);
    assertThat(options.sample()).isEqualTo(Path.of("logs.json"));
    assertThat(options.jfr()).isNull();
    assertThat(options.overflow()).isEqualTo(TelemetryOverflow.BLOCK);
    assertThat(options.receiver()).isEqualTo(OtlpReceiver.Keeping.WIRE_COUNTS);
    assertThat(options.runs(BenchOptions.Part.FULL_DROP)).isTrue();
  }

  @Test
  void overflowAndReceiverAreChosenByName() {
    BenchOptions options = BenchOptions.parse("--overflow", "DROP", "--receiver", "decode", "--cases", "full-drop");
    assertThat(options.overflow()).isEqualTo(TelemetryOverflow.DROP);
    assertThat(options.receiver()).isEqualTo(OtlpReceiver.Keeping.DECODED_COUNTS);
    assertThat(options.cases()).containsExactly(BenchOptions.Part.FULL_DROP);
    assertThatThrownBy(() -> BenchOptions.parse("--overflow", "maybe"))
        .hasMessageContaining("--overflow").hasMessageContaining("expected block or drop");
    assertThatThrownBy(() -> BenchOptions.parse("--receiver", "keep")).hasMessage("--receiver takes count or decode, got keep");
  }

  @Test
  void theReplayProfileGoesBesideTheFullTelemetryOne() {
    assertThat(PipelineBenchmark.replayProfileFile(Path.of("out", "p.jfr"))).isEqualTo(Path.of("out", "p-replay.jfr"));
    assertThat(PipelineBenchmark.replayProfileFile(Path.of("profile"))).isEqualTo(Path.of("profile-replay"));
  }

  @Test
  void optionsScaleAndRefuseNonsense() {
    BenchOptions options = BenchOptions.parse("--events", "200_000", "--rates", "500, 5000", "--jfr", "p.jfr");
    assertThat(options.events()).isEqualTo(200_000);
    assertThat(options.replayRecords()).isEqualTo(200_000);
    assertThat(options.rates()).containsExactly(500, 5_000);
    assertThat(options.jfr()).isEqualTo(Path.of("p.jfr"));
    assertThat(BenchOptions.parse("--cases", "full,high-rate", "--workers", "2", "--otel", "otel.bsp.max.queue.size=1"))
        .satisfies(o -> {
          assertThat(o.runs(BenchOptions.Part.FULL)).isTrue();
          assertThat(o.runs(BenchOptions.Part.CEILING)).isFalse();
          assertThat(o.workers()).isEqualTo(2);
          assertThat(o.otel()).containsEntry("otel.bsp.max.queue.size", "1");
        });
    assertThatThrownBy(() -> BenchOptions.parse("--events", "0")).hasMessage("--events=0: must be at least 1");
    assertThatThrownBy(() -> BenchOptions.parse("--events")).hasMessage("Missing required parameter for option '--events' (N)");
    assertThatThrownBy(() -> BenchOptions.parse("--speed", "2")).hasMessage("Unknown options: '--speed', '2'");
    assertThatThrownBy(() -> BenchOptions.parse("--cases", "fast")).hasMessageStartingWith("--cases=fast: unknown case fast");
    assertThatThrownBy(() -> BenchOptions.parse("--otel", "x=1")).hasMessage("--otel needs otel.KEY=VALUE, got x=1");
  }

  @Test
  void helpListsEveryOptionWithItsDefaultAndTheExitCodes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(BenchOptions.parse(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8)))
        .isEmpty();
    assertThat(out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " "))
        .contains("--events", "Default: 1000000", "--rates", "Default: 1000,20000", "--cases", "--workers", "Exit codes:")
        .containsPattern(" 2 +bad options");
  }

  @Test
  void threadsAreGroupedByTheNamesTheLibrariesGiveThem() {
    assertThat(ThreadCpu.classify("ingest-processor-poll")).isEqualTo(Group.POLL);
    assertThat(ThreadCpu.classify("bench-replay")).isEqualTo(Group.POLL);
    assertThat(ThreadCpu.classify("BatchSpanProcessor_WorkerThread-1")).isEqualTo(Group.TELEMETRY);
    assertThat(ThreadCpu.classify("jdkhttp-executor-3")).isEqualTo(Group.TELEMETRY);
    assertThat(ThreadCpu.classify("BatchLogRecordProcessor_WorkerThread-1")).isEqualTo(Group.TELEMETRY);
    assertThat(ThreadCpu.classify("PeriodicMetricReader-1")).isEqualTo(Group.TELEMETRY);
    assertThat(ThreadCpu.classify("OkHttp http://127.0.0.1:4318/...")).isEqualTo(Group.TELEMETRY);
    assertThat(ThreadCpu.classify("kafka-coordinator-heartbeat-thread | bench-full-1")).isEqualTo(Group.KAFKA_CLIENTS);
    assertThat(ThreadCpu.classify("kafka-producer-network-thread | producer-3")).isEqualTo(Group.KAFKA_CLIENTS);
    assertThat(ThreadCpu.classify("kafka-producer-network-thread | ingest-producer")).isEqualTo(Group.KAFKA_CLIENTS);
    assertThat(ThreadCpu.classify("kafka-producer-network-thread | bench-publisher")).isEqualTo(Group.BENCH);
    assertThat(ThreadCpu.classify("otlp-receiver")).isEqualTo(Group.RECEIVER);
    assertThat(ThreadCpu.classify("data-plane-kafka-request-handler-0")).isEqualTo(Group.BROKER);
  }

  @Test
  void gcAndJitThreadsAreReadFromProcByTheirNativeNames() {
    assertThat(ThreadCpu.nativeGroup("GC Thread#1")).isEqualTo(Group.GC);
    assertThat(ThreadCpu.nativeGroup("G1 Conc#0")).isEqualTo(Group.GC);
    assertThat(ThreadCpu.nativeGroup("C2 CompilerThre")).isEqualTo(Group.JIT);
    assertThat(ThreadCpu.nativeGroup("VM Thread")).isNull();
    // pid (comm) state, then 10 more fields, then utime and stime (fields 14 and 15)
    String stat = "4242 (C2 CompilerThre) S 1 1 1 0 -1 4194624 10 0 0 0 250 17 0 0 20 0 40 0";
    assertThat(ThreadCpu.ticks(stat)).isEqualTo(267);
    assertThat(ThreadCpu.ticks("7 (odd (name) x) R 1 1 1 0 -1 0 0 0 0 0 3 4 0 0")).isEqualTo(7);
  }

  @Test
  void machineBusyTimeLeavesIdleAndIoWaitOut() {
    // cpu user nice system idle iowait irq softirq steal guest guest_nice
    assertThat(ThreadCpu.busyTicks("cpu  100 2 30 9000 50 4 5 6 0 0")).isEqualTo(100 + 2 + 30 + 4 + 5 + 6);
  }

  @Test
  void residentSetSizeAndCpuModelComeFromProc() {
    assertThat(MemoryProbe.parseVmRss(List.of("Name:\tjava", "VmRSS:\t  524288 kB", "VmSwap:\t0 kB")))
        .isEqualTo(512L * 1024 * 1024);
    assertThat(MemoryProbe.parseVmRss(List.of("Name:\tjava"))).isEqualTo(-1);
    assertThat(Machine.modelName(List.of("processor\t: 0", "model name\t: AMD EPYC 7B13", "model name\t: other")))
        .isEqualTo("AMD EPYC 7B13");
  }
}
