package io.ingestlens.producer.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorProfileTest {

  private static final Path SAMPLE = Path.of(System.getProperty("repo.root", ".."), "logs.json");

  @Test
  void drawsSourcesObjectsAndFailureShareFromTheSample() throws Exception {
    GeneratorProfile profile = GeneratorProfile.fromSample(SAMPLE, ZoneId.of("UTC")).orElseThrow();

    assertThat(profile.sources())
        .containsExactlyInAnyOrder("PowerBI", "Efficy", "sharepoint_graph", "EasyProjects", "zohobooks");
    assertThat(profile.objects()).contains("workspaces", "Contact", "EventFactureApplication", "Projects", "invoices_ga");
    assertThat(profile.failures()).hasSizeBetween(3, 5);
    assertThat(profile.failureShare())
        .isEqualTo((double) profile.failures().size() / (profile.failures().size() + profile.prototypes().size()));
  }

  @Test
  void hasNoProfileWithoutASample(@TempDir Path dir) throws Exception {
    assertThat(GeneratorProfile.fromSample(dir.resolve("absent.json"), ZoneId.of("UTC"))).isEmpty();
  }

  @Test
  void hasNoProfileFromASampleWithoutSuccessfulRuns(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("logs.json"), "[]");

    assertThat(GeneratorProfile.fromSample(file, ZoneId.of("UTC"))).isEmpty();
  }

  @Test
  void builtInProfileHasTheSampleShape() {
    GeneratorProfile builtIn = GeneratorProfile.builtIn();

    assertThat(builtIn.sources())
        .containsExactly("PowerBI", "Efficy", "sharepoint_graph", "EasyProjects", "zohobooks");
    assertThat(builtIn.failureShare()).isBetween(0.0, 0.02);
  }
}
