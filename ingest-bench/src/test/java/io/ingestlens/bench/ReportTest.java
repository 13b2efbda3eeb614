package io.ingestlens.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.bench.PipelineBenchmark.Case;
import io.ingestlens.bench.ThreadCpu.Group;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

  @Test
  void aCaseThatLostTelemetryShowsWhatItLostNeverARate() {
    Map<Case, List<CaseResult>> runs = new LinkedHashMap<>();
    for (Case c : Case.values()) {
      runs.put(c, List.of());
    }
    runs.put(Case.CEILING, List.of(result(1_000_000, null)));
    runs.put(Case.NOOP, List.of(result(400_000, null)));
    runs.put(Case.FULL, List.of(result(123_456, telemetry(0, 0)), result(111_111, telemetry(0, 0))));
    runs.put(Case.FULL_DROP, List.of(result(171_717, telemetry(580_160, 0)), result(181_818, telemetry(0, 643_650))));

    String report = print(runs);

    assertThat(report)
        .contains("| processor, full telemetry (block) | 117,284 |")
        .contains("| processor, full telemetry, overflow drop | **dropped 0 spans / 643,650 logs** (worst run) | - |")
        .contains("processor, full telemetry, lossless >= 100,000 events/s | 117,284 events/s")
        .doesNotContain("| 176,768 |");
    assertThat(report.lines().filter(l -> l.startsWith("| processor, full telemetry, overflow drop")))
        .allSatisfy(l -> assertThat(l).doesNotContain("171,717").doesNotContain("181,818"));
  }

  private static String print(Map<Case, List<CaseResult>> runs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Report report = new Report(new PrintStream(out, true, StandardCharsets.UTF_8), BenchOptions.parse(),
        new Machine(2, "cpu", "jvm", 512L << 20, "G1", "", "Linux"), LocalDate.of(2026, 12, 1));
    report.results(runs, null, null);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static CaseResult result(double rate, TelemetryReceived received) {
    Map<Group, Long> cpu = new EnumMap<>(Group.class);
    for (Group g : Group.values()) {
      cpu.put(g, 1_000_000L);
    }
    return new CaseResult(rate, 100_000, cpu, received, 0.1, null, 0);
  }

  private static TelemetryReceived telemetry(long droppedSpans, long droppedLogs) {
    return new TelemetryReceived(Map.of(TelemetryReceived.TRACES, 1_000L), 300_000, 300_000,
        Map.of("i{dropped=true}", droppedSpans, "i{dropped=false}", 300_000L),
        Map.of("i{dropped=true}", droppedLogs, "i{dropped=false}", 300_000L), 0);
  }
}
