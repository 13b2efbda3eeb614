package io.ingestlens.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.e2e.RepoRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LegacyRunsTest {

  private final LegacyRuns runs = LegacyRuns.read(RepoRoot.resolve("logs.json"));

  @Test
  void logsJsonHas432RunsFourFailedOverFiveSources() {
    assertThat(runs.size()).isEqualTo(432);
    assertThat(runs.failedRuns()).hasSize(4);
    assertThat(runs.sources()).containsExactly("EasyProjects", "Efficy", "PowerBI", "sharepoint_graph", "zohobooks");
    assertThat(runs.successes(runs.sources()) + runs.failures(runs.sources())).isEqualTo(432);
    assertThat(runs.failureRate(Set.of("sharepoint_graph"))).isEqualTo(1.0 / 48);
    assertThat(runs.companies()).containsExactly("akonovia");
    assertThat(runs.zones()).containsExactly("1-Raw");
  }

  @Test
  void everyFailureOfLogsJsonRecoversLater() {
    List<Double> recoveries = runs.recoveries(runs.sources());
    assertThat(recoveries).hasSize(4).allSatisfy(r -> assertThat(r).isPositive());
    assertThat(runs.meanRecovery(Set.of("EasyProjects"))).isEmpty();
  }

  @Test
  void theOldestRunEndedAlmostADayBeforeTheNewest() {
    assertThat(runs.oldest().index()).isZero();
    assertThat(Duration.between(runs.oldest().end(), runs.newestEnd())).isBetween(Duration.ofHours(20), Duration.ofHours(24));
  }

  @Test
  void recoveryStartsAtTheFirstFailureOfAStreak(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("runs.json"), """
        [
          {"Etat": "FAILED", "Source": "s", "Objet": "o", "Debut": "2025-01-01 10:00:00", "Fin": "2025-01-01 10:00:10"},
          {"Etat": "FAILED", "Source": "s", "Objet": "o", "Debut": "2025-01-01 11:00:00", "Fin": "2025-01-01 11:00:10"},
          {"Etat": "SUCCESS", "Source": "s", "Objet": "o", "Debut": "2025-01-01 12:00:00", "Fin": "2025-01-01 12:00:10.5"},
          {"Etat": "SUCCESS", "Source": "s", "Objet": "p", "Debut": "2025-01-01 12:00:00", "Fin": "2025-01-01 12:00:10"}
        ]
        """);
    assertThat(LegacyRuns.read(file).recoveries(Set.of("s"))).containsExactly(7200.5);
  }

  @Test
  void theBurstSampleIsALegacyFileOfItsOwnSource(@TempDir Path dir) throws Exception {
    LegacyRuns sample = LegacyRuns.read(Files.writeString(dir.resolve("burst.json"), Scenario.burstSample()));
    assertThat(sample.sources()).containsExactly(Scenario.BURST_SOURCE);
    assertThat(sample.objects()).containsExactlyInAnyOrder(Scenario.BURST_OBJECT, Scenario.BURST_OTHER_OBJECT);
    assertThat(sample.successes(sample.sources())).isEqualTo(2);
    assertThat(runs.sources()).doesNotContain(Scenario.BURST_SOURCE);
  }
}
