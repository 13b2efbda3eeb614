package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.stack.RepoCompose.Build;
import io.ingestlens.stack.RepoCompose.Mount;
import io.ingestlens.stack.RepoCompose.Port;
import io.ingestlens.stack.RepoCompose.Service;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** compose.yaml on its own: syntax, pinned images, files it needs, ports, start order. */
class ComposeFileTest {

  private final RepoCompose compose = RepoCompose.load();

  @Test
  void isAComposeSpecificationFileWithoutVersionKey() {
    assertThat(compose.root()).doesNotContainKey("version").containsKey("services");
    for (Service service : compose.services()) {
      assertThat(service.image().isPresent() || service.build().isPresent())
          .as("service %s has an image or a build", service.name())
          .isTrue();
    }
  }

  @Test
  void everyImageIsPinnedToAVersion() {
    for (Service service : compose.services()) {
      service
          .image()
          .ifPresent(
              image -> {
                assertThat(image).as("image of %s", service.name()).doesNotContain("$");
                String tag = tagOf(image);
                assertThat(tag)
                    .as("tag of %s (%s)", service.name(), image)
                    .isNotEmpty()
                    .isNotEqualTo("latest");
                if (service.build().isEmpty()) {
                  assertThat(tag)
                      .as("pulled image of %s is pinned to an exact version", service.name())
                      .matches("v?\\d+\\.\\d+\\.\\d+.*");
                }
              });
    }
  }

  @Test
  void everyBuildContextAndDockerfileExists() {
    List<Build> builds = compose.services().stream().flatMap(s -> s.build().stream()).toList();
    assertThat(builds).isNotEmpty();
    for (Build build : builds) {
      assertThat(build.context()).isDirectory();
      assertThat(build.dockerfile()).isRegularFile();
    }
  }

  @Test
  void everyBindMountedHostPathExists() {
    for (Service service : compose.services()) {
      for (Mount mount : service.mounts()) {
        if (mount.bind()) {
          assertThat(Files.exists(mount.hostPath()))
              .as("%s mounts %s, which must exist", service.name(), mount.source())
              .isTrue();
        }
      }
    }
  }

  @Test
  void configBindMountsAreReadOnly() {
    for (Service service : compose.services()) {
      for (Mount mount : service.mounts()) {
        if (mount.bind()) {
          assertThat(mount.readOnly())
              .as("%s mounts %s read-only", service.name(), mount.source())
              .isTrue();
        }
      }
    }
  }

  @Test
  void everyNamedVolumeIsDeclared() {
    for (Service service : compose.services()) {
      for (Mount mount : service.mounts()) {
        if (!mount.bind()) {
          assertThat(compose.declaredVolumes())
              .as("volume %s of %s", mount.source(), service.name())
              .contains(mount.source());
        }
      }
    }
  }

  /** A config path in a command line must exist in the repository directory mounted there. */
  @Test
  void filesNamedOnCommandLinesExistInTheirMounts() {
    List<String> checked = new ArrayList<>();
    for (Service service : compose.services()) {
      for (String word : service.commandLine()) {
        String value = word.startsWith("-") && word.contains("=") ? word.split("=", 2)[1] : word;
        for (Mount mount : service.mounts()) {
          if (mount.bind() && value.startsWith(mount.target() + "/")) {
            String inside = value.substring(mount.target().length() + 1);
            assertThat(mount.hostPath().resolve(inside))
                .as("%s refers to %s", service.name(), value)
                .isRegularFile();
            checked.add(value);
          }
        }
      }
    }
    assertThat(checked).contains("/etc/alloy/config.alloy", "/etc/prometheus/prometheus.yml");
  }

  @Test
  void everyPublishedPortBindsToTheBindAddressVariable() {
    List<Port> ports = compose.services().stream().flatMap(s -> s.ports().stream()).toList();
    assertThat(ports).isNotEmpty();
    for (Port port : ports) {
      assertThat(port.hostIp())
          .as("host address of published port %s", port.containerPort())
          .isEqualTo("${BIND_ADDRESS:-127.0.0.1}");
    }
  }

  @Test
  void everyVariableIsDocumentedInEnvExample() {
    RepoEnvExample env = RepoEnvExample.load();
    Set<String> variables = compose.variables();
    assertThat(variables).contains("BIND_ADDRESS", "GRAFANA_ADMIN_PASSWORD");
    for (String name : variables) {
      assertThat(env.documents(name)).as("%s is documented in .env.example", name).isTrue();
    }
  }

  @Test
  void dependenciesExistAndCanMeetTheirCondition() {
    for (Service service : compose.services()) {
      service
          .dependsOn()
          .forEach(
              (name, condition) -> {
                Service target = compose.service(name);
                switch (condition) {
                  case "service_healthy" ->
                      assertThat(target.hasHealthcheck())
                          .as("%s waits for %s to be healthy", service.name(), name)
                          .isTrue();
                  case "service_completed_successfully" ->
                      assertThat(String.valueOf(target.node().get("restart")))
                          .as("%s waits for one-shot %s to complete", service.name(), name)
                          .isEqualTo("no");
                  case "service_started" -> {}
                  default -> throw new AssertionError("unknown condition " + condition);
                }
                // Without the profile the dependency is not started and Compose refuses to run.
                assertThat(service.profiles())
                    .as("%s depends on %s: its profiles include the dependency's", service.name(),
                        name)
                    .containsAll(target.profiles());
              });
    }
  }

  @Test
  void localBackendsRunOnlyUnderTheLocalProfile() {
    for (String name : List.of("prometheus", "alertmanager", "loki", "tempo", "grafana")) {
      assertThat(compose.service(name).profiles()).as(name).containsExactly("local");
    }
    for (String name : List.of("kafka", "kafka-init", "alloy", "ingest-processor", "ingest-producer")) {
      assertThat(compose.service(name).profiles()).as(name).isEmpty();
    }
  }

  @Test
  void grafanaHasNoDefaultPasswordAndNoAnonymousAccess() {
    Service grafana = compose.service("grafana");
    assertThat(grafana.environment().get("GF_SECURITY_ADMIN_PASSWORD"))
        .matches("\\$\\{GRAFANA_ADMIN_PASSWORD:\\?.+}");
    assertThat(grafana.environment()).containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "false");
  }

  /**
   * The broker's health check runs a Kafka tool, a JVM that would inherit the broker's
   * KAFKA_HEAP_OPTS every 10 s: it sets a smaller heap of its own.
   */
  @Test
  void brokerHealthCheckDoesNotTakeTheBrokersHeap() {
    Service kafka = compose.service("kafka");
    long brokerHeap = maxHeapMiB(kafka.environment().get("KAFKA_HEAP_OPTS"));
    String check = String.valueOf(RepoYaml.map(kafka.node().get("healthcheck")).get("test"));
    Matcher own = Pattern.compile("KAFKA_HEAP_OPTS=(\\S+)").matcher(check);
    assertThat(own.find()).as("health check sets its own KAFKA_HEAP_OPTS: %s", check).isTrue();
    assertThat(maxHeapMiB(own.group(1))).as("health check heap (MiB)").isLessThan(brokerHeap);
  }

  private static long maxHeapMiB(String opts) {
    Matcher m = Pattern.compile("-Xmx(\\d+)([mMgG])").matcher(String.valueOf(opts));
    assertThat(m.find()).as("-Xmx in %s", opts).isTrue();
    long size = Long.parseLong(m.group(1));
    return m.group(2).equalsIgnoreCase("g") ? size * 1024 : size;
  }

  private static String tagOf(String image) {
    String withoutDigest = image.split("@", 2)[0];
    int slash = withoutDigest.lastIndexOf('/');
    int colon = withoutDigest.lastIndexOf(':');
    return colon > slash ? withoutDigest.substring(colon + 1) : "";
  }
}
