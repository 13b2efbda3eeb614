package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.stack.RepoAlloy.Component;
import io.ingestlens.stack.RepoCompose.Mount;
import io.ingestlens.stack.RepoCompose.Service;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The collector hop loses nothing (docs/reliability.md, "The collector hop"): every exporter of
 * alloy/config.alloy sends from a bounded queue kept on disk by otelcol.storage.file and retries
 * until the backend accepts, and that disk is the alloy-data volume, writable by Alloy's user.
 * Argument names as in the Alloy v1.18 reference (otelcol.exporter.otlphttp, otelcol.storage.file).
 */
class AlloyQueueTest {

  /**
   * Created and given to user alloy (473) by the grafana/alloy v1.18.1 image (its Dockerfile); a
   * named volume mounted there starts with that ownership, so Alloy can write in it.
   */
  private static final String IMAGE_DATA_DIR = "/var/lib/alloy/data";

  private static final String ALLOY_USER = "473";

  private final RepoAlloy alloy = RepoAlloy.load();
  private final RepoCompose compose = RepoCompose.load();

  @Test
  void everyExporterSendsFromABoundedQueueOnDisk() {
    List<Component> exporters = exporters();
    assertThat(exporters).extracting(Component::label).contains("metrics", "logs", "traces");
    List<String> storages =
        alloy.componentsOfType("otelcol.storage.file").stream().map(c -> c.key() + ".handler").toList();
    for (Component exporter : exporters) {
      assertThat(alloy.hasBlock(exporter, "sending_queue")).as("%s has a sending_queue", exporter.key()).isTrue();
      assertThat(queue(exporter, "enabled")).as("%s queue enabled", exporter.key()).isNotEqualTo(Optional.of("false"));
      assertThat(queue(exporter, "storage"))
          .as("%s queue kept by an otelcol.storage.file", exporter.key())
          .hasValueSatisfying(handler -> assertThat(storages).contains(handler));
      // Measured in bytes, the queue size bounds the disk it takes.
      assertThat(queue(exporter, "sizer")).as("%s queue sizer", exporter.key()).hasValue("\"bytes\"");
      long bytes = product(queue(exporter, "queue_size").orElseThrow());
      assertThat(bytes).as("%s queue size", exporter.key()).isBetween(16L << 20, 1L << 30);
      // Batches are made from the queue, so they are on disk until sent.
      assertThat(alloy.hasBlock(exporter, "sending_queue", "batch")).as("%s batches from its queue", exporter.key()).isTrue();
      assertThat(queue(exporter, "wait_for_result")).as("not supported with storage").isEmpty();
    }
  }

  /** A batch is retried until accepted; only a full queue refuses data (a retryable 503). */
  @Test
  void everyExporterRetriesUntilTheBackendAccepts() {
    for (Component exporter : exporters()) {
      assertThat(alloy.hasBlock(exporter, "retry_on_failure")).as("%s has retry_on_failure", exporter.key()).isTrue();
      assertThat(alloy.attribute(exporter, "retry_on_failure", "enabled"))
          .as("%s retries", exporter.key())
          .isNotEqualTo(Optional.of("false"));
      assertThat(alloy.attribute(exporter, "retry_on_failure", "max_elapsed_time"))
          .as("%s never gives up on a batch (0s: no time limit)", exporter.key())
          .hasValue("\"0s\"");
    }
  }

  /** Prometheus refuses a series' samples that arrive out of order: one consumer after an outage. */
  @Test
  void metricsLeaveInOrder() {
    Component metrics = alloy.component("otelcol.exporter.otlphttp.metrics").orElseThrow();
    assertThat(alloy.attribute(metrics, "sending_queue", "num_consumers")).hasValue("1");
  }

  @Test
  void theQueueDirectoryIsInTheAlloyDataVolume() {
    Service service = compose.service("alloy");
    Mount volume =
        service.mounts().stream()
            .filter(m -> !m.bind() && m.source().equals("alloy-data"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("alloy mounts no alloy-data volume"));
    assertThat(compose.declaredVolumes()).contains("alloy-data");
    assertThat(volume.target()).as("alloy-data replaces the image's own data directory").isEqualTo(IMAGE_DATA_DIR);
    assertThat(volume.readOnly()).isFalse();
    assertThat(service.commandLine()).contains("--storage.path=" + IMAGE_DATA_DIR);
    assertThat(service.node().get("user")).as("Alloy's own user owns that directory").hasToString(ALLOY_USER + ":" + ALLOY_USER);

    List<Component> storages = alloy.componentsOfType("otelcol.storage.file");
    assertThat(storages).isNotEmpty();
    for (Component storage : storages) {
      // Without a directory the component uses its own folder under --storage.path.
      String directory =
          alloy.attribute(storage, "directory").flatMap(RepoAlloy::firstString).orElse(IMAGE_DATA_DIR + "/" + storage.key());
      assertThat(directory).as("directory of %s", storage.key()).startsWith(volume.target() + "/");
      assertThat(alloy.attribute(storage, "create_directory")).as("Alloy creates it").isNotEqualTo(Optional.of("false"));
    }
  }

  /** otelcol.storage.file is public preview in Alloy v1.18: Alloy refuses it below that level. */
  @Test
  void alloyRunsAtTheStabilityLevelOfItsComponents() {
    assertThat(alloy.componentsOfType("otelcol.storage.file")).isNotEmpty();
    assertThat(compose.service("alloy").commandLine())
        .containsAnyOf("--stability.level=public-preview", "--stability.level=experimental");
  }

  private List<Component> exporters() {
    return alloy.components().stream().filter(c -> c.type().startsWith("otelcol.exporter.")).toList();
  }

  private Optional<String> queue(Component exporter, String attribute) {
    return alloy.attribute(exporter, "sending_queue", attribute);
  }

  /** An integer literal or a product of them, e.g. {@code 256 * 1024 * 1024}. */
  static long product(String expression) {
    long result = 1;
    for (String factor : expression.split("\\*")) {
      result = Math.multiplyExact(result, Long.parseLong(factor.trim()));
    }
    return result;
  }
}
