package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.stack.RepoAlloy.Component;
import io.ingestlens.stack.RepoAlloy.Reference;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * alloy/config.alloy, checked against the Alloy v1.18 component reference (exported fields) and
 * against compose.yaml and .env.example, which must pass and document what it reads.
 */
class AlloyConfigTest {

  /** Exported field each component type offers to others (Alloy reference, "Exported fields"). */
  private static final Map<String, String> EXPORTS =
      Map.of(
          "otelcol.receiver.prometheus", "receiver",
          "otelcol.processor.", "input",
          "otelcol.exporter.", "input",
          "otelcol.connector.", "input",
          "otelcol.auth.", "handler",
          "otelcol.storage.", "handler",
          "prometheus.exporter.", "targets",
          "prometheus.remote_write", "receiver",
          "prometheus.relabel", "receiver",
          "discovery.", "targets");

  private final RepoAlloy alloy = RepoAlloy.load();
  private final RepoCompose compose = RepoCompose.load();

  @Test
  void everyComponentReferenceResolvesToADeclaredComponentAndField() {
    Set<String> declared =
        alloy.components().stream().map(Component::key).collect(Collectors.toSet());
    List<Reference> references = alloy.references();
    assertThat(references).hasSizeGreaterThan(10);
    for (Reference ref : references) {
      assertThat(declared)
          .as("line %d: %s refers to a declared component", ref.line(), ref.text())
          .contains(ref.componentKey());
      String type = ref.componentKey().substring(0, ref.componentKey().lastIndexOf('.'));
      assertThat(ref.field())
          .as("line %d: field exported by %s", ref.line(), type)
          .isEqualTo(exportOf(type));
    }
  }

  @Test
  void componentsAreUniqueAndEveryProcessorExporterAndAuthIsUsed() {
    List<String> keys = alloy.components().stream().map(Component::key).toList();
    assertThat(keys).doesNotHaveDuplicates();
    Set<String> referenced =
        alloy.references().stream().map(Reference::componentKey).collect(Collectors.toSet());
    for (Component c : alloy.components()) {
      if (!c.type().startsWith("otelcol.receiver.otlp") && !c.type().equals("prometheus.scrape")) {
        assertThat(referenced).as("%s is wired into a pipeline", c.key()).contains(c.key());
      }
    }
  }

  @Test
  void everyComponentHasACommentAbove() {
    for (Component c : alloy.components()) {
      assertThat(alloy.hasCommentAbove(c)).as("comment above %s (line %d)", c.key(), c.line()).isTrue();
    }
  }

  /**
   * The exporters batch from their disk queues. otelcol.processor.batch would answer the senders
   * before exporting, hold its batch in memory only and drop it when the exporter refuses it.
   */
  @Test
  void signalsFlowThroughMemoryLimiterToOneQueuedExporterPerSignal() {
    Component receiver = alloy.componentsOfType("otelcol.receiver.otlp").get(0);
    Component limiter = alloy.componentsOfType("otelcol.processor.memory_limiter").get(0);
    assertThat(alloy.componentsOfType("otelcol.processor.batch")).isEmpty();
    for (String signal : List.of("metrics", "logs", "traces")) {
      assertThat(output(receiver, signal)).containsExactly(limiter.key() + ".input");
      assertThat(output(limiter, signal)).containsExactly("otelcol.exporter.otlphttp." + signal + ".input");
    }
    // Kafka lag joins the same metrics path.
    Component kafka = alloy.component("otelcol.receiver.prometheus.kafka").orElseThrow();
    assertThat(output(kafka, "metrics")).containsExactly(limiter.key() + ".input");
    assertThat(alloy.attribute(alloy.component("prometheus.scrape.kafka").orElseThrow(), "targets"))
        .hasValue("prometheus.exporter.kafka.broker.targets");
  }

  /** otelcol.exporter.prometheus drops exemplars; metrics must leave over OTLP. */
  @Test
  void metricsLeaveOverOtlpSoExemplarsSurvive() {
    assertThat(alloy.componentsOfType("otelcol.exporter.prometheus")).isEmpty();
    assertThat(alloy.componentsOfType("prometheus.remote_write")).isEmpty();
    assertThat(alloy.component("otelcol.exporter.otlphttp.metrics")).isPresent();
  }

  @Test
  void everyExporterAuthenticatesWithTheGrafanaCloudCredentials() {
    Component auth = alloy.componentsOfType("otelcol.auth.basic").get(0);
    assertThat(alloy.attribute(auth, "client_auth", "username").orElseThrow())
        .contains("sys.env(\"GRAFANA_CLOUD_INSTANCE_ID\")");
    assertThat(alloy.attribute(auth, "client_auth", "password").orElseThrow())
        .contains("sys.env(\"GRAFANA_CLOUD_API_TOKEN\")");
    for (Component exporter : alloy.componentsOfType("otelcol.exporter.otlphttp")) {
      assertThat(alloy.attribute(exporter, "client", "auth"))
          .as("auth of %s", exporter.key())
          .hasValue(auth.key() + ".handler");
    }
  }

  /**
   * Empty credentials make otelcol.auth.basic fail at start-up (it drops client_auth, then finds
   * no credential source), so each must fall back to a non-empty placeholder.
   */
  @Test
  void credentialsNeverEvaluateToEmpty() {
    Component auth = alloy.componentsOfType("otelcol.auth.basic").get(0);
    for (String[] field :
        List.of(
            new String[] {"username", "GRAFANA_CLOUD_INSTANCE_ID"},
            new String[] {"password", "GRAFANA_CLOUD_API_TOKEN"})) {
      String expression = alloy.attribute(auth, "client_auth", field[0]).orElseThrow();
      assertThat(RepoAlloy.envDefault(expression, field[1]))
          .as("client_auth.%s", field[0])
          .hasValueSatisfying(d -> assertThat(d).isNotBlank());
    }
  }

  /** The fallbacks for empty endpoints are the local backends compose.yaml runs. */
  @Test
  void endpointDefaultsAreTheLocalBackends() {
    assertThat(defaultEndpoint("metrics", "OTLP_METRICS_ENDPOINT"))
        .isEqualTo(URI.create("http://prometheus:9090/api/v1/otlp"));
    assertThat(compose.service("prometheus").commandLine()).contains("--web.enable-otlp-receiver");
    assertThat(defaultEndpoint("logs", "OTLP_LOGS_ENDPOINT"))
        .isEqualTo(URI.create("http://loki:3100/otlp"));
    assertThat(RepoYaml.text(RepoYaml.load("loki", "config.yaml"), "server", "http_listen_port"))
        .isEqualTo("3100");

    URI traces = defaultEndpoint("traces", "OTLP_TRACES_ENDPOINT");
    assertThat(traces.getHost()).isEqualTo("tempo");
    String tempoHttp =
        RepoYaml.text(
            RepoYaml.load("tempo", "config.yaml"),
            "distributor", "receivers", "otlp", "protocols", "http", "endpoint");
    assertThat(traces.getPort()).isEqualTo(ComposeWiringTest.portOf(tempoHttp));

    for (String host : List.of("prometheus", "loki", "tempo")) {
      assertThat(compose.service(host).profiles()).as(host).contains("local");
    }
  }

  @Test
  void kafkaLagComesFromTheBrokerTheServicesUse() {
    Component exporter = alloy.component("prometheus.exporter.kafka.broker").orElseThrow();
    String uris = alloy.attribute(exporter, "kafka_uris").orElseThrow();
    assertThat(uris).contains("sys.env(\"KAFKA_BOOTSTRAP_SERVERS\")");
    assertThat(RepoAlloy.envDefault(uris, "KAFKA_BOOTSTRAP_SERVERS"))
        .hasValue(compose.service("ingest-processor").environment().get("KAFKA_BOOTSTRAP_SERVERS"));
    // kafka_version is the broker version the exporter's client (Sarama) assumes when it picks
    // request versions: Sarama's x.y.z form, and never above the broker it talks to ("a version
    // greater than you are actually running may lead to random breakage", Sarama's Config.Version).
    String version =
        RepoAlloy.firstString(alloy.attribute(exporter, "kafka_version").orElseThrow()).orElseThrow();
    assertThat(version).matches("\\d+\\.\\d+\\.\\d+");
    String broker = compose.service("kafka").image().orElseThrow().replaceAll(".*:", "");
    assertThat(compareVersions(version, broker)).as("kafka_version %s against the broker %s", version, broker).isLessThanOrEqualTo(0);
  }

  private static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }

  @Test
  void everyEnvironmentVariableIsPassedByComposeAndDocumented() {
    Set<String> variables = alloy.environmentVariables();
    assertThat(variables)
        .contains(
            "OTLP_METRICS_ENDPOINT",
            "OTLP_LOGS_ENDPOINT",
            "OTLP_TRACES_ENDPOINT",
            "GRAFANA_CLOUD_INSTANCE_ID",
            "GRAFANA_CLOUD_API_TOKEN");
    Map<String, String> passed = compose.service("alloy").environment();
    RepoEnvExample env = RepoEnvExample.load();
    for (String name : variables) {
      assertThat(passed).as("alloy service passes %s", name).containsKey(name);
      // A user setting comes from .env under its own name; a fixed wiring value (the Kafka
      // listener) is set in compose.yaml itself.
      Set<String> fromEnv = RepoCompose.variablesIn(passed.get(name));
      if (!fromEnv.isEmpty()) {
        assertThat(fromEnv).as("alloy service passes %s from .env", name).containsExactly(name);
        assertThat(env.documents(name)).as("%s documented in .env.example", name).isTrue();
      }
    }
  }

  /** env() is deprecated in Alloy; sys.env() replaces it. */
  @Test
  void readsTheEnvironmentThroughSysEnvOnly() {
    assertThat(alloy.blanked()).doesNotContainPattern("(?<![\\w.])env\\s*\\(");
  }

  private List<String> output(Component component, String signal) {
    return RepoAlloy.listItems(alloy.attribute(component, "output", signal).orElse("[]"));
  }

  private URI defaultEndpoint(String exporter, String variable) {
    Component c = alloy.component("otelcol.exporter.otlphttp." + exporter).orElseThrow();
    String expression = alloy.attribute(c, "client", "endpoint").orElseThrow();
    return URI.create(RepoAlloy.envDefault(expression, variable).orElseThrow());
  }

  private static String exportOf(String type) {
    return EXPORTS.entrySet().stream()
        .filter(e -> e.getKey().endsWith(".") ? type.startsWith(e.getKey()) : type.equals(e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no known exports for " + type + ": add them here"));
  }
}
