package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.stack.RepoTool.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The alert rules through promtool: valid rule files, and the unit tests of prometheus/tests/
 * (every alert fires when it should and stays quiet when it should not). Skipped without promtool,
 * required when CI is set.
 */
class AlertRulesPromtoolTest {

  @Test
  void rulesPassPromtoolCheck() {
    Path promtool = RepoTool.promtool();

    Result result = RepoTool.run(RepoFiles.root(), promtool, "check", "rules", GrafanaTestFiles.RULES);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void ruleUnitTestsPass() throws IOException {
    Path promtool = RepoTool.promtool();
    Path testDir = RepoFiles.path("prometheus", "tests");
    List<String> args = new ArrayList<>(List.of("test", "rules"));
    try (Stream<Path> files = Files.list(testDir)) {
      files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".test.yml")).sorted().forEach(args::add);
    }
    assertThat(args).hasSizeGreaterThan(2);

    Result result = RepoTool.run(testDir, promtool, args.toArray(String[]::new));

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).doesNotContain("FAILED");
  }
}
