package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.stack.RepoCompose.Mount;
import io.ingestlens.stack.RepoCompose.Service;
import io.ingestlens.stack.RepoTool.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prometheus/prometheus.yml: valid for promtool 2.42 and wired to the compose services. */
class PrometheusConfigTest {

  private static final String CONFIG_FILE = "/etc/prometheus/prometheus.yml";

  private final RepoCompose compose = RepoCompose.load();
  private final Map<String, Object> config = RepoYaml.load("prometheus", "prometheus.yml");

  /**
   * promtool reads a copy whose container paths point into the repository, so the rule files the
   * container would load are checked too (when there are any).
   */
  @Test
  void passesPromtoolCheckConfig(@TempDir Path dir) throws IOException {
    Path promtool = RepoTool.promtool();
    Mount mount = configMount();
    String text = RepoFiles.read("prometheus", "prometheus.yml");
    String local =
        text.replace(mount.target() + "/", mount.hostPath().toString().replace('\\', '/') + "/");
    Path copy = dir.resolve("prometheus.yml");
    Files.writeString(copy, local, StandardCharsets.UTF_8);

    Result result = RepoTool.run(dir, promtool, "check", "config", copy.toString());

    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void prometheusRunsThisFileFromTheMountedDirectory() {
    Service prometheus = compose.service("prometheus");
    assertThat(prometheus.commandLine()).contains("--config.file=" + CONFIG_FILE);
    assertThat(configMount().source()).isEqualTo("./prometheus");
  }

  @Test
  void rulesAreLoadedFromTheMountedRulesDirectory() {
    List<Object> ruleFiles = RepoYaml.list(config.get("rule_files"));
    assertThat(ruleFiles).containsExactly(configMount().target() + "/rules/*.yml");
  }

  @Test
  void alertsGoToTheAlertmanagerService() {
    List<Object> managers =
        RepoYaml.list(RepoYaml.at(config, "alerting", "alertmanagers").orElseThrow());
    List<Object> targets =
        RepoYaml.list(RepoYaml.map(RepoYaml.list(RepoYaml.map(managers.get(0)).get("static_configs")).get(0)).get("targets"));
    assertThat(targets).containsExactly("alertmanager:9093");
    Service alertmanager = compose.service("alertmanager");
    assertThat(alertmanager.profiles()).isEqualTo(compose.service("prometheus").profiles());
    assertThat(alertmanager.ports()).extracting(RepoCompose.Port::containerPort).contains("9093");
  }

  @Test
  void scrapesAlloyOnItsHttpListenPort() {
    String listen =
        compose.service("alloy").commandLine().stream()
            .filter(w -> w.startsWith("--server.http.listen-addr="))
            .findFirst()
            .orElseThrow();
    int port = ComposeWiringTest.portOf(listen.split("=", 2)[1]);
    assertThat(scrapeTargets("alloy")).containsExactly("alloy:" + port);
    assertThat(scrapeTargets("prometheus")).containsExactly("localhost:9090");
  }

  /** The 3.x features the stack relies on are flags, not keys promtool 2.42 would refuse. */
  @Test
  void threeDotXFeaturesAreSwitchedOnByFlags() {
    assertThat(compose.service("prometheus").image()).hasValueSatisfying(i -> assertThat(i).startsWith("prom/prometheus:v3."));
    assertThat(compose.service("prometheus").commandLine())
        .contains("--web.enable-otlp-receiver", "--enable-feature=exemplar-storage");
    assertThat(config).doesNotContainKey("otlp");
  }

  private List<Object> scrapeTargets(String job) {
    for (Object node : RepoYaml.list(config.get("scrape_configs"))) {
      Map<String, Object> scrape = RepoYaml.map(node);
      if (job.equals(scrape.get("job_name"))) {
        return RepoYaml.list(
            RepoYaml.map(RepoYaml.list(scrape.get("static_configs")).get(0)).get("targets"));
      }
    }
    throw new AssertionError("no scrape job " + job);
  }

  private Mount configMount() {
    return compose.service("prometheus").mounts().stream()
        .filter(m -> m.bind() && CONFIG_FILE.startsWith(m.target() + "/"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no bind mount holds " + CONFIG_FILE));
  }
}
