package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.stack.RepoCompose.Mount;
import io.ingestlens.stack.RepoCompose.Service;
import io.ingestlens.stack.RepoTool.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * alertmanager/entrypoint.sh renders alertmanager/alertmanager.yml from the ALERTMANAGER_*
 * variables: nothing set gives a receiver without integrations; each integration appears only
 * when its variables are set; both renders pass amtool (skipped without it, required in CI).
 */
class AlertmanagerConfigTest {

  private static final String CONFIG_MOUNT = "/etc/alertmanager/config";

  /** Every variable set, with values that need quoting in YAML and escaping in sed. */
  private static final Map<String, String> ALL_SET =
      Map.of(
          "ALERTMANAGER_WEBHOOK_URL", "http://hooks.example.test:8080/alert?a=1&b=2",
          "ALERTMANAGER_SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T000/B000/XXXX",
          "ALERTMANAGER_SLACK_CHANNEL", "#ingestion-alerts",
          "ALERTMANAGER_EMAIL_TO", "ops@example.test",
          "ALERTMANAGER_SMTP_SMARTHOST", "smtp.example.test:587",
          "ALERTMANAGER_SMTP_FROM", "IngestLens <alerts@example.test>",
          "ALERTMANAGER_SMTP_USERNAME", "alerts",
          "ALERTMANAGER_SMTP_PASSWORD", "p'a|s&s\\w$rd #1");

  @Test
  void nothingSetGivesAReceiverWithoutIntegrations(@TempDir Path dir) {
    Map<String, Object> config = RepoYaml.load(render(dir, Map.of()));

    List<Object> receivers = RepoYaml.list(config.get("receivers"));
    assertThat(receivers).hasSize(1);
    assertThat(RepoYaml.map(receivers.get(0))).containsOnlyKeys("name");
  }

  @Test
  void emptyVariablesCountAsUnset(@TempDir Path dir) {
    Map<String, String> empty = new LinkedHashMap<>();
    ALL_SET.keySet().forEach(k -> empty.put(k, ""));

    Map<String, Object> config = RepoYaml.load(render(dir, empty));

    assertThat(RepoYaml.map(RepoYaml.list(config.get("receivers")).get(0))).containsOnlyKeys("name");
  }

  @Test
  void everyVariableSetEnablesWebhookSlackAndEmailVerbatim(@TempDir Path dir) {
    Map<String, Object> receiver =
        RepoYaml.map(RepoYaml.list(RepoYaml.load(render(dir, ALL_SET)).get("receivers")).get(0));

    Map<String, Object> webhook = RepoYaml.map(RepoYaml.list(receiver.get("webhook_configs")).get(0));
    Map<String, Object> slack = RepoYaml.map(RepoYaml.list(receiver.get("slack_configs")).get(0));
    Map<String, Object> email = RepoYaml.map(RepoYaml.list(receiver.get("email_configs")).get(0));
    assertThat(webhook).containsEntry("url", ALL_SET.get("ALERTMANAGER_WEBHOOK_URL"));
    assertThat(slack)
        .containsEntry("api_url", ALL_SET.get("ALERTMANAGER_SLACK_WEBHOOK_URL"))
        .containsEntry("channel", ALL_SET.get("ALERTMANAGER_SLACK_CHANNEL"));
    assertThat(email)
        .containsEntry("to", ALL_SET.get("ALERTMANAGER_EMAIL_TO"))
        .containsEntry("from", ALL_SET.get("ALERTMANAGER_SMTP_FROM"))
        .containsEntry("smarthost", ALL_SET.get("ALERTMANAGER_SMTP_SMARTHOST"))
        .containsEntry("auth_username", ALL_SET.get("ALERTMANAGER_SMTP_USERNAME"))
        .containsEntry("auth_password", ALL_SET.get("ALERTMANAGER_SMTP_PASSWORD"));
    assertThat(List.of(webhook, slack, email)).allSatisfy(c -> assertThat(c).containsEntry("send_resolved", true));
  }

  @Test
  void eachIntegrationNeedsOnlyItsOwnVariables(@TempDir Path dir) {
    Map<String, Object> receiver =
        RepoYaml.map(
            RepoYaml.list(
                    RepoYaml.load(render(dir, Map.of("ALERTMANAGER_SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/x")))
                        .get("receivers"))
                .get(0));

    assertThat(receiver).containsOnlyKeys("name", "slack_configs");
    assertThat(RepoYaml.map(RepoYaml.list(receiver.get("slack_configs")).get(0))).doesNotContainKey("channel");
  }

  @Test
  void emailWithoutAnSmtpRelayIsRefused(@TempDir Path dir) {
    Result result = renderResult(dir, Map.of("ALERTMANAGER_EMAIL_TO", "ops@example.test"));

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("ALERTMANAGER_SMTP_SMARTHOST");
  }

  @Test
  void bothRendersPassAmtool(@TempDir Path dir) {
    Path amtool = RepoTool.amtool();
    for (Map<String, String> env : List.of(Map.<String, String>of(), ALL_SET)) {
      Path config = render(dir, env);

      Result result = RepoTool.run(dir, amtool, "check-config", config.toString());

      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.output()).contains("SUCCESS");
    }
  }

  @Test
  void criticalAlertsRepeatSoonerThanWarnings(@TempDir Path dir) {
    Map<String, Object> route = RepoYaml.map(RepoYaml.load(render(dir, Map.of())).get("route"));
    Map<String, String> repeatBySeverity = new LinkedHashMap<>();
    for (Object item : RepoYaml.list(route.get("routes"))) {
      Map<String, Object> child = RepoYaml.map(item);
      for (Object matcher : RepoYaml.list(child.get("matchers"))) {
        Matcher severity = Pattern.compile("severity=\"(\\w+)\"").matcher(String.valueOf(matcher));
        if (severity.matches()) {
          repeatBySeverity.put(severity.group(1), String.valueOf(child.get("repeat_interval")));
        }
      }
    }
    Set<String> severities = new TreeSet<>();
    for (Object rule : GrafanaTestFiles.yamlValues(RepoYaml.load(RepoFiles.path(GrafanaTestFiles.RULES)), "severity")) {
      severities.add(String.valueOf(rule));
    }
    assertThat(repeatBySeverity).containsOnlyKeys(severities);
    assertThat(minutes(repeatBySeverity.get("critical"))).isLessThan(minutes(repeatBySeverity.get("warning")));
  }

  @Test
  void inhibitionsNameAlertsThatExist(@TempDir Path dir) {
    String rules = RepoFiles.read(RepoFiles.path(GrafanaTestFiles.RULES));
    Map<String, Object> config = RepoYaml.load(render(dir, Map.of()));
    List<String> names = new ArrayList<>();
    for (Object inhibit : RepoYaml.list(config.get("inhibit_rules"))) {
      for (String side : List.of("source_matchers", "target_matchers")) {
        for (Object matcher : RepoYaml.list(RepoYaml.map(inhibit).get(side))) {
          Matcher m = Pattern.compile("alertname=~?\"([^\"]+)\"").matcher(String.valueOf(matcher));
          if (m.matches()) {
            names.addAll(List.of(m.group(1).split("\\|")));
          }
        }
      }
    }
    assertThat(names).isNotEmpty().allSatisfy(n -> assertThat(rules).contains("alert: " + n + "\n"));
  }

  /** Compose runs this script from the mounted directory and passes exactly the variables it reads. */
  @Test
  void composeRunsTheScriptWithTheVariablesItReads() {
    Service alertmanager = RepoCompose.load().service("alertmanager");
    Mount mount =
        alertmanager.mounts().stream().filter(m -> m.target().equals(CONFIG_MOUNT)).findFirst().orElseThrow();
    assertThat(mount.source()).isEqualTo("./alertmanager");
    assertThat(alertmanager.commandLine()).startsWith("/bin/sh", CONFIG_MOUNT + "/entrypoint.sh");

    String script = RepoFiles.read("alertmanager", "entrypoint.sh");
    Set<String> read = new TreeSet<>();
    Matcher variable = Pattern.compile("\\$\\{(ALERTMANAGER_\\w+):-}").matcher(script);
    while (variable.find()) {
      read.add(variable.group(1));
    }
    assertThat(read).isEqualTo(ALL_SET.keySet().stream().collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
    assertThat(alertmanager.environment().keySet()).containsAll(read);
    assertThat(script).contains(CONFIG_MOUNT + "/alertmanager.yml").doesNotContain("\r");
  }

  private static Path render(Path dir, Map<String, String> env) {
    Result result = renderResult(dir, env);
    assertThat(result.exitCode()).as(result.output()).isZero();
    return dir.resolve("alertmanager.yml");
  }

  private static Result renderResult(Path dir, Map<String, String> env) {
    Path sh = RepoTool.require("sh", "a POSIX shell");
    return GrafanaTestFiles.run(
        dir, env, sh.toString(),
        RepoFiles.path("alertmanager", "entrypoint.sh").toString(), "render",
        RepoFiles.path("alertmanager", "alertmanager.yml").toString(),
        dir.resolve("alertmanager.yml").toString());
  }

  private static int minutes(String duration) {
    Matcher m = Pattern.compile("(\\d+)([hm])").matcher(duration);
    assertThat(m.matches()).as(duration).isTrue();
    int value = Integer.parseInt(m.group(1));
    return m.group(2).equals("h") ? value * 60 : value;
  }
}
