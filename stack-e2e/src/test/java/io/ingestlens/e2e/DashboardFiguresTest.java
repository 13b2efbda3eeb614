package io.ingestlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.e2e.DashboardFigures.Expected;
import io.ingestlens.e2e.PanelQueryRunner.Result;
import io.ingestlens.e2e.PanelQueryRunner.Series;
import io.ingestlens.e2e.scenario.LegacyRuns;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DashboardFiguresTest {

  private static Result series(Series... series) {
    return new Result("panel", "expr", "request", List.of(series), List.of(), "raw");
  }

  @Test
  void aStatMatchesItsOneValue() {
    assertThat(DashboardFigures.mismatch(new Expected.Value(4), series(new Series(Map.of(), List.of(4.0))))).isEmpty();
    assertThat(DashboardFigures.mismatch(new Expected.Value(4), series(new Series(Map.of(), List.of(5.0))))).isPresent();
    assertThat(DashboardFigures.mismatch(new Expected.Value(4), series())).hasValueSatisfying(m -> assertThat(m).contains("0 series"));
    assertThat(DashboardFigures.mismatch(new Expected.Value(1.0 / 48), series(new Series(Map.of(), List.of(0.020833333333333332))))).isEmpty();
  }

  @Test
  void perSourceFiguresCompareTheLastValueOfEachSource() {
    Result r = series(new Series(Map.of("ingestion_source", "a"), List.of(1.0, 2.0)), new Series(Map.of("ingestion_source", "b"), List.of(3.0)));
    assertThat(DashboardFigures.mismatch(new Expected.PerSource(Map.of("a", 2.0, "b", 3.0)), r)).isEmpty();
    assertThat(DashboardFigures.mismatch(new Expected.PerSource(Map.of("a", 1.0)), r)).isPresent();
    assertThat(DashboardFigures.mismatch(new Expected.PerSource(Map.of("c", 1.0)), r)).isPresent();
  }

  @Test
  void refusedQueriesNeverMatch() {
    Result refused = new Result("panel", "expr", "", List.of(), List.of(), "ERROR 400");
    assertThat(DashboardFigures.mismatch(new Expected.Lines(0), refused)).isPresent();
  }

  @Test
  void figuresOfOneSourceComeFromItsRunsOnly() {
    LegacyRuns runs = LegacyRuns.read(RepoRoot.resolve("logs.json"));
    DashboardFigures figures =
        new DashboardFigures(runs, new DashboardFigures.Buckets(List.of(1.0, 10.0, 100.0), List.of(1.0, 60.0), List.of(1e6, 1e9)));
    Map<String, Expected> efficy = figures.forSources(Set.of("Efficy"), Map.of("Runs", 1000, "Five most recent failed runs", 5));
    assertThat(efficy)
        .containsEntry("Successful runs", new Expected.Value(95))
        .containsEntry("Failed runs", new Expected.Value(1))
        .containsEntry("Sources reporting", new Expected.Value(1))
        .containsEntry("Runs", new Expected.Lines(96))
        .containsEntry("Five most recent failed runs", new Expected.Lines(1));
    Map<String, Expected> all = figures.forSources(runs.sources(), Map.of("Runs", 1000, "Five most recent failed runs", 5));
    assertThat(all).containsEntry("Successful runs", new Expected.Value(428)).containsEntry("Failed runs", new Expected.Value(4))
        .containsEntry("Runs", new Expected.Lines(432)).containsEntry("Five most recent failed runs", new Expected.Lines(4));
  }
}
