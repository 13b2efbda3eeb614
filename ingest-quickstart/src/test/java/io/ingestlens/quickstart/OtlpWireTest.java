package io.ingestlens.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.ingestlens.testkit.OtlpReceiver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both services export real OTLP, configured only by the standard settings, to a receiver that
 * decodes the bytes with the OpenTelemetry protobuf classes: the resource is right and all three
 * signals arrive, over HTTP/protobuf and over gRPC.
 */
class OtlpWireTest {

  private record Received(
      List<ExportTraceServiceRequest> traces,
      List<ExportMetricsServiceRequest> metrics,
      List<ExportLogsServiceRequest> logs) {}

  @ParameterizedTest
  @ValueSource(strings = {"http/protobuf", "grpc"})
  void bothServicesExportAllSignalsWithTheirResource(String protocol) throws Exception {
    Received received = replayExportingTo(protocol);

    Set<String> traceServices = services(received.traces().stream().flatMap(r -> r.getResourceSpansList().stream().map(s -> s.getResource())));
    Set<String> metricServices = services(received.metrics().stream().flatMap(r -> r.getResourceMetricsList().stream().map(m -> m.getResource())));
    Set<String> logServices = services(received.logs().stream().flatMap(r -> r.getResourceLogsList().stream().map(l -> l.getResource())));
    assertThat(traceServices).containsExactlyInAnyOrder("ingest-producer", "ingest-processor");
    assertThat(metricServices).containsExactlyInAnyOrder("ingest-producer", "ingest-processor");
    assertThat(logServices).contains("ingest-processor");

    List<Resource> resources =
        received.traces().stream().flatMap(r -> r.getResourceSpansList().stream().map(s -> s.getResource())).toList();
    assertThat(resources)
        .allSatisfy(
            resource -> {
              Map<String, String> attributes = attributes(resource);
              assertThat(attributes)
                  .containsEntry("service.namespace", "ingestlens")
                  .containsEntry("deployment.environment.name", "local")
                  .containsKeys("service.instance.id", "service.version");
              assertThat(attributes.get("service.version")).matches("\\d+\\.\\d+\\.\\d+.*");
            });
    assertThat(resources.stream().map(r -> attributes(r).get("service.instance.id")).distinct()).hasSize(2);

    long spans = received.traces().stream().flatMap(r -> r.getResourceSpansList().stream())
        .flatMap(rs -> rs.getScopeSpansList().stream()).mapToLong(ss -> ss.getSpansCount()).sum();
    assertThat(spans).isEqualTo(3L * LogsJson.records().size()); // run, publish, process per event
    Set<String> metricNames = received.metrics().stream().flatMap(r -> r.getResourceMetricsList().stream())
        .flatMap(rm -> rm.getScopeMetricsList().stream()).flatMap(sm -> sm.getMetricsList().stream())
        .map(m -> m.getName()).collect(Collectors.toSet());
    assertThat(metricNames).contains("ingestion.runs", "ingestion.run.duration", "ingestion.events.published", "jvm.memory.used");
  }

  private static Received replayExportingTo(String protocol) throws Exception {
    try (OtlpReceiver http = OtlpReceiver.start();
        OtlpGrpcReceiver grpc = new OtlpGrpcReceiver()) {
      String endpoint = protocol.equals("grpc") ? grpc.endpoint() : http.endpoint();
      Map<String, String> settings =
          Map.of("otel.exporter.otlp.endpoint", endpoint, "otel.exporter.otlp.protocol", protocol);
      try (ServiceTelemetry producer = ServiceTelemetry.start("ingest-producer", "io.ingestlens.producer", withName(settings, "ingest-producer"));
          ServiceTelemetry processor = ServiceTelemetry.start("ingest-processor", "io.ingestlens.processor", withName(settings, "ingest-processor"));
          LocalPipeline pipeline = LocalPipeline.start(processor)) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        assertThat(pipeline.produce(producer, quiet, quiet, "replay", "--file", LogsJson.PATH.toString())).isZero();
        pipeline.awaitHandled(LogsJson.records().size(), Duration.ofMinutes(2));
        // closing the pipeline, then both SDKs, flushes every signal over the wire
      }
      // Both receivers listen; only the one the protocol names may have received anything.
      if (protocol.equals("grpc")) {
        assertThat(http.traces()).isEmpty();
        return new Received(grpc.traces, grpc.metrics, grpc.logs);
      }
      assertThat(grpc.traces).isEmpty();
      return new Received(http.traces(), http.metrics(), http.logs());
    }
  }

  private static Map<String, String> withName(Map<String, String> settings, String name) {
    return Stream.concat(settings.entrySet().stream(), Stream.of(Map.entry("otel.service.name", name)))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private static Set<String> services(Stream<Resource> resources) {
    return resources.map(r -> attributes(r).get("service.name")).collect(Collectors.toSet());
  }

  private static Map<String, String> attributes(Resource resource) {
    return resource.getAttributesList().stream()
        .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue(), (a, b) -> a));
  }
}
