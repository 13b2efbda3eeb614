package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.stack.RepoEnvExample.Entry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** .env.example: documented, safe to copy as is, and in step with compose.yaml. */
class EnvExampleTest {

  private final RepoEnvExample env = RepoEnvExample.load();

  @Test
  void everyVariableHasAComment() {
    assertThat(env.entries()).isNotEmpty();
    for (Entry e : env.entries()) {
      assertThat(e.comment()).as("comment above %s (line %d)", e.name(), e.line()).isNotBlank();
    }
  }

  @Test
  void noVariableIsSetTwice() {
    assertThat(env.entries().stream().map(Entry::name).toList()).doesNotHaveDuplicates();
  }

  /** cp .env.example .env must give a working local stack. */
  @Test
  void localStackNeedsNoEditing() {
    Map<String, String> values = env.values();
    assertThat(List.of(values.getOrDefault("COMPOSE_PROFILES", "").split(","))).contains("local");
    assertThat(values.get("BIND_ADDRESS")).isEqualTo("127.0.0.1");
    assertThat(values.get("GRAFANA_ADMIN_PASSWORD")).isNotBlank();
  }

  /** Secrets and cloud endpoints are never shipped; empty means local or "not configured". */
  @Test
  void cloudSettingsAndNotificationTargetsAreEmpty() {
    Map<String, String> values = env.values();
    List<String> empty =
        values.keySet().stream()
            .filter(n -> n.startsWith("GRAFANA_CLOUD_") || n.startsWith("OTLP_") || n.startsWith("ALERTMANAGER_"))
            .toList();
    assertThat(empty)
        .contains(
            "GRAFANA_CLOUD_INSTANCE_ID",
            "GRAFANA_CLOUD_API_TOKEN",
            "OTLP_METRICS_ENDPOINT",
            "ALERTMANAGER_WEBHOOK_URL",
            "ALERTMANAGER_SMTP_PASSWORD");
    for (String name : empty) {
      assertThat(values.get(name)).as(name).isEmpty();
    }
  }

  @Test
  void grafanaCloudSectionSaysWhereEachValueIsFound() {
    String cloud =
        env.entries().stream()
            .filter(e -> e.name().startsWith("OTLP_") || e.name().startsWith("GRAFANA_CLOUD_"))
            .map(Entry::comment)
            .reduce("", String::concat);
    assertThat(cloud)
        .contains("COMPOSE_PROFILES=", "OpenTelemetry", "Instance ID", "otlp-gateway-")
        .contains("metrics:write", "logs:write", "traces:write");
  }

  /**
   * Grafana takes the admin password only when it creates its volume, and Compose requires it even
   * with the local profile off: the comment says both.
   */
  @Test
  void grafanaPasswordSaysWhenItAppliesAndThatGrafanaCloudNeedsItToo() {
    Entry password =
        env.entries().stream().filter(e -> e.name().equals("GRAFANA_ADMIN_PASSWORD")).findFirst().orElseThrow();
    String comment = password.comment().replace('\n', ' ');
    assertThat(RepoCompose.load().declaredVolumes()).contains("grafana-data");
    assertThat(comment).contains("grafana-data", "first start", "reset-admin-password", "Grafana Cloud");
  }

  /** Every documented variable is read somewhere: compose.yaml, or Compose itself. */
  @Test
  void everyVariableIsUsed() {
    Set<String> used = RepoCompose.load().variables();
    for (Entry e : env.entries()) {
      if (!e.name().startsWith("COMPOSE_")) {
        assertThat(used).as("%s is used by compose.yaml", e.name()).contains(e.name());
      }
    }
  }
}
