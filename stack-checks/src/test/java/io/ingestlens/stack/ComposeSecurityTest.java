package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stack exposes nothing and runs nothing as root by default. */
class ComposeSecurityTest {

  /**
   * Images whose own Dockerfile switches to a non-root user (checked in each project's Dockerfile
   * for the pinned version): Kafka's appuser, Prometheus' and Alertmanager's nobody, Loki's and
   * Tempo's 10001, Grafana's 472.
   */
  private static final Map<String, String> NON_ROOT_IMAGES =
      Map.of(
          "apache/kafka", "appuser",
          "prom/prometheus", "nobody",
          "prom/alertmanager", "nobody",
          "grafana/loki", "10001",
          "grafana/tempo", "10001",
          "grafana/grafana", "472");

  private final RepoCompose compose = RepoCompose.load();

  @Test
  void everyContainerRunsAsANonRootUser() throws Exception {
    for (RepoCompose.Service service : compose.services()) {
      Object user = service.node().get("user");
      if (user != null) {
        assertThat(user.toString()).as("user of %s", service.name()).doesNotStartWith("0").isNotEqualTo("root");
      } else if (service.build().isPresent()) {
        List<String> users =
            Files.readAllLines(service.build().get().dockerfile()).stream()
                .map(String::trim)
                .filter(l -> l.startsWith("USER "))
                .toList();
        assertThat(users).as("USER in the Dockerfile of %s", service.name()).isNotEmpty();
        assertThat(users.get(users.size() - 1)).doesNotContain("root").isNotEqualTo("USER 0");
      } else {
        String image = service.image().orElseThrow().replaceAll(":.*", "");
        assertThat(NON_ROOT_IMAGES).as("image of %s runs as non-root by itself", service.name()).containsKey(image);
      }
    }
  }

  @Test
  void grafanaHasNoDefaultPasswordAndNoAnonymousAccess() {
    Map<String, String> env = compose.service("grafana").environment();
    assertThat(env.get("GF_SECURITY_ADMIN_PASSWORD")).startsWith("${GRAFANA_ADMIN_PASSWORD:?");
    assertThat(env).containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "false");
  }

  @Test
  void everyPublishedPortBindsToTheConfiguredAddressWhichDefaultsToLoopback() {
    for (RepoCompose.Service service : compose.services()) {
      for (RepoCompose.Port port : service.ports()) {
        assertThat(port.hostIp()).as("port %s of %s", port.containerPort(), service.name())
            .isEqualTo("${BIND_ADDRESS:-127.0.0.1}");
      }
    }
  }
}
