package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.stack.RepoAlloy.Component;
import io.ingestlens.stack.RepoCompose.Port;
import io.ingestlens.stack.RepoCompose.Service;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** compose.yaml against the configs it starts: who talks to whom, on which port. */
class ComposeWiringTest {

  private final RepoCompose compose = RepoCompose.load();
  private final RepoAlloy alloy = RepoAlloy.load();

  private List<Service> otelServices() {
    List<Service> services =
        compose.services().stream()
            .filter(s -> s.environment().containsKey("OTEL_EXPORTER_OTLP_ENDPOINT"))
            .toList();
    assertThat(services)
        .extracting(Service::name)
        .contains("ingest-producer", "ingest-processor", "ingest-generator");
    return services;
  }

  @Test
  void servicesSendOtlpToAlloysReceiverForTheirProtocol() {
    Component receiver = single("otelcol.receiver.otlp");
    for (Service service : otelServices()) {
      Map<String, String> env = service.environment();
      URI endpoint = URI.create(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
      String protocol = env.getOrDefault("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
      String block = protocol.equals("grpc") ? "grpc" : "http";

      assertThat(compose.service(endpoint.getHost()).image())
          .as("%s sends OTLP to the Alloy service", service.name())
          .hasValueSatisfying(image -> assertThat(image).startsWith("grafana/alloy:"));
      String listen = RepoAlloy.firstString(alloy.attribute(receiver, block, "endpoint").orElseThrow())
          .orElseThrow();
      assertThat(endpoint.getPort())
          .as("%s (%s) targets the receiver's %s port (%s)", service.name(), protocol, block, listen)
          .isEqualTo(portOf(listen));
    }
  }

  @Test
  void alloyPublishesItsReceiverAndUiPorts() {
    Component receiver = single("otelcol.receiver.otlp");
    Service service = compose.service("alloy");
    List<String> published = service.ports().stream().map(Port::containerPort).toList();
    for (String block : List.of("grpc", "http")) {
      String listen = RepoAlloy.firstString(alloy.attribute(receiver, block, "endpoint").orElseThrow())
          .orElseThrow();
      assertThat(listen).as("receiver %s listens on all interfaces", block).startsWith("0.0.0.0:");
      assertThat(published).contains(String.valueOf(portOf(listen)));
    }
    assertThat(published).contains(String.valueOf(alloyUiPort()));
  }

  @Test
  void everyKafkaClientUsesTheInternalListener() {
    Map<String, String> listeners = advertisedListeners();
    String internal = listeners.get("INTERNAL");
    List<Service> clients =
        compose.services().stream()
            .filter(s -> s.environment().containsKey("KAFKA_BOOTSTRAP_SERVERS"))
            .toList();
    assertThat(clients).extracting(Service::name).contains("alloy", "ingest-processor");
    for (Service client : clients) {
      assertThat(client.environment().get("KAFKA_BOOTSTRAP_SERVERS"))
          .as("bootstrap servers of %s", client.name())
          .isEqualTo(internal);
    }
    assertThat(String.join(" ", compose.service("kafka-init").commandLine()))
        .contains("--bootstrap-server " + internal);
  }

  /** Programs on the host keep their default bootstrap address, localhost:9092. */
  @Test
  void externalListenerIsPublishedWhereItIsAdvertised() {
    String external = advertisedListeners().get("EXTERNAL");
    assertThat(external).isEqualTo("localhost:9092");
    assertThat(compose.service("kafka").ports())
        .extracting(Port::hostPort, Port::containerPort)
        .contains(org.assertj.core.groups.Tuple.tuple("9092", "9092"));
  }

  @Test
  void kafkaInitCreatesEveryTopicTheServicesUse() {
    String script = String.join(" ", compose.service("kafka-init").commandLine());
    assertThat(script).contains("--create --if-not-exists", "--partitions 3");
    List<String> created = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\s*create (\\S+)$").matcher(script);
    while (m.find()) {
      created.add(m.group(1));
    }
    for (Service service : otelServices()) {
      for (String variable : List.of("INGEST_TOPIC", "INGEST_DLQ_TOPIC")) {
        String topic = service.environment().get(variable);
        if (topic != null) {
          assertThat(created).as("%s of %s is created", variable, service.name()).contains(topic);
        }
      }
    }
  }

  @Test
  void processorAndProducerGetTheirSettings() {
    Map<String, String> processor = compose.service("ingest-processor").environment();
    assertThat(processor)
        .containsEntry("KAFKA_GROUP_ID", "ingest-processor")
        .containsEntry("INGEST_DLQ_TOPIC", "ingestion-logs.dlq");
    for (Service service : otelServices()) {
      assertThat(service.environment())
          .as(service.name())
          .containsEntry("INGEST_TOPIC", "ingestion-logs")
          .containsEntry("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
          .containsEntry("OTEL_METRIC_EXPORT_INTERVAL", "10000")
          .containsEntry(
              "OTEL_RESOURCE_ATTRIBUTES",
              "deployment.environment.name=${DEPLOYMENT_ENVIRONMENT:-local}");
    }
    assertThat(compose.service("ingest-producer").commandLine())
        .containsExactly("replay", "--file", "/data/logs.json", "--rebase-time");
    assertThat(compose.service("ingest-producer").mounts())
        .anySatisfy(
            m -> {
              assertThat(m.source()).isEqualTo("./logs.json");
              assertThat(m.target()).isEqualTo("/data/logs.json");
            });
    assertThat(compose.service("ingest-generator").profiles()).containsExactly("live");
  }

  @Test
  void tempoReceivesOnAllInterfacesAndStoresInsideItsVolume() {
    Map<String, Object> tempo = RepoYaml.load("tempo", "config.yaml");
    for (String protocol : List.of("grpc", "http")) {
      assertThat(
              RepoYaml.text(
                  tempo, "distributor", "receivers", "otlp", "protocols", protocol, "endpoint"))
          .startsWith("0.0.0.0:");
    }
    String volume = volumeTarget("tempo", "tempo-data");
    for (String[] path :
        List.of(
            new String[] {"storage", "trace", "wal", "path"},
            new String[] {"storage", "trace", "local", "path"},
            new String[] {"metrics_generator", "storage", "path"},
            new String[] {"metrics_generator", "traces_storage", "path"})) {
      assertThat(RepoYaml.text(tempo, path))
          .as("tempo %s", String.join(".", path))
          .startsWith(volume + "/");
    }
  }

  /** Span metrics are remote-written to Prometheus, which must accept remote writes. */
  @Test
  void tempoRemoteWritesToPrometheusWhichAcceptsIt() {
    Map<String, Object> tempo = RepoYaml.load("tempo", "config.yaml");
    List<Object> targets =
        RepoYaml.list(RepoYaml.at(tempo, "metrics_generator", "storage", "remote_write").orElse(null));
    assertThat(targets).isNotEmpty();
    for (Object target : targets) {
      URI url = URI.create(String.valueOf(RepoYaml.map(target).get("url")));
      assertThat(url.getHost()).isEqualTo("prometheus");
      assertThat(url.getPort()).isEqualTo(9090);
      assertThat(url.getPath()).isEqualTo("/api/v1/write");
    }
    assertThat(compose.service("prometheus").commandLine())
        .contains("--web.enable-remote-write-receiver");
  }

  @Test
  void lokiIndexesOnlyTheContractLabelsAndStoresInsideItsVolume() {
    Map<String, Object> loki = RepoYaml.load("loki", "config.yaml");
    assertThat(RepoYaml.text(loki, "limits_config", "allow_structured_metadata")).isEqualTo("true");
    Map<String, Object> resource =
        RepoYaml.map(
            RepoYaml.at(loki, "limits_config", "otlp_config", "resource_attributes").orElseThrow());
    assertThat(resource).containsEntry("ignore_defaults", true);
    List<Object> rules = RepoYaml.list(resource.get("attributes_config"));
    assertThat(rules).hasSize(1);
    assertThat(RepoYaml.map(rules.get(0))).containsEntry("action", "index_label");
    // docs/telemetry.md: the index labels are service_name, service_namespace and
    // deployment_environment_name; trace ids and attributes stay structured metadata.
    assertThat(RepoYaml.list(RepoYaml.map(rules.get(0)).get("attributes")))
        .containsExactlyInAnyOrder("service.name", "service.namespace", "deployment.environment.name");
    assertThat(RepoYaml.list(RepoYaml.at(loki, "schema_config", "configs").orElseThrow()))
        .allSatisfy(
            c -> assertThat(RepoYaml.map(c)).containsEntry("schema", "v13").containsEntry("store", "tsdb"));
    String volume = volumeTarget("loki", "loki-data");
    assertThat(RepoYaml.text(loki, "common", "path_prefix")).isEqualTo(volume);
    assertThat(RepoYaml.text(loki, "compactor", "working_directory")).startsWith(volume + "/");
  }

  private Component single(String type) {
    List<Component> found = alloy.componentsOfType(type);
    assertThat(found).as("components of type %s", type).hasSize(1);
    return found.get(0);
  }

  private Map<String, String> advertisedListeners() {
    Map<String, String> byName = new LinkedHashMap<>();
    String advertised = compose.service("kafka").environment().get("KAFKA_ADVERTISED_LISTENERS");
    for (String listener : advertised.split(",")) {
      String[] parts = listener.split("://", 2);
      byName.put(parts[0], parts[1]);
    }
    return byName;
  }

  private int alloyUiPort() {
    return compose.service("alloy").commandLine().stream()
        .filter(w -> w.startsWith("--server.http.listen-addr="))
        .map(w -> portOf(w.split("=", 2)[1]))
        .findFirst()
        .orElseThrow();
  }

  private String volumeTarget(String service, String volume) {
    return compose.service(service).mounts().stream()
        .filter(m -> m.source().equals(volume))
        .map(RepoCompose.Mount::target)
        .findFirst()
        .orElseThrow(() -> new AssertionError(service + " mounts no volume " + volume));
  }

  static int portOf(String hostPort) {
    String[] parts = hostPort.split(":");
    return Integer.parseInt(Arrays.asList(parts).get(parts.length - 1));
  }
}
