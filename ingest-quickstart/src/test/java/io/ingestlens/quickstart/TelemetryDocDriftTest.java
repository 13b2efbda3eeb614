package io.ingestlens.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestlens.testkit.TelemetryDoc;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fails when docs/telemetry.md and the emitted telemetry disagree, in either direction: every
 * metric, span and log attribute the services emit is in the document with the same instrument,
 * unit and attributes, and everything the document lists is emitted. The run covers every path:
 * logs.json replayed twice (the second time as duplicates) and one unparseable record.
 */
class TelemetryDocDriftTest {

  private static TelemetryDoc doc;
  private static final Map<String, Collection<MetricData>> metrics = new HashMap<>();
  private static List<SpanData> spans;
  private static List<LogRecordData> logs;

  @BeforeAll
  static void runEveryPath() throws Exception {
    doc = TelemetryDoc.read(Path.of(System.getProperty("repo.root", "..")).resolve("docs/telemetry.md"));
    int records = LogsJson.records().size();
    try (CapturingTelemetry producer = CapturingTelemetry.producer();
        CapturingTelemetry processor = CapturingTelemetry.processor()) {
      try (LocalPipeline pipeline = LocalPipeline.start(processor.service())) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        String file = LogsJson.PATH.toString();
        for (int replay = 0; replay < 2; replay++) {
          assertThat(pipeline.produce(producer.service(), quiet, quiet, "replay", "--file", file)).isZero();
        }
        try (KafkaProducer<byte[], byte[]> raw =
            new KafkaProducer<>(
                Map.of("bootstrap.servers", pipeline.kafka().bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
          raw.send(new ProducerRecord<>("ingestion-logs", "not json".getBytes())).get();
        }
        pipeline.awaitHandled(2L * records + 1, Duration.ofMinutes(2));
        // A Kafka client's metrics live as long as the client: collect while a generator runs.
        Thread generator =
            new Thread(() -> pipeline.produce(producer.service(), quiet, quiet, "generate", "--rate", "20", "--seed", "1"));
        generator.start();
        try {
          awaitMetric(producer, "kafka.producer.record_send_rate");
          // jvm.gc.duration has a point only once a collection has happened, which a run this
          // small may not need: ask for one, and wait for its notification to be recorded.
          System.gc();
          awaitMetric(producer, "jvm.gc.duration");
          awaitMetric(processor, "jvm.gc.duration");
          metrics.put("ingest-producer", producer.metrics());
          metrics.put("ingest-processor", processor.metrics());
        } finally {
          generator.interrupt(); // generate stops cleanly on interrupt
          generator.join();
        }
      }
      spans = Stream.concat(producer.spans().stream(), processor.spans().stream()).toList();
      logs = processor.logs();
    }
  }

  @Test
  void serviceMetricsMatchTheDocumentBothWays() {
    for (String service : List.of("ingest-processor", "ingest-producer")) {
      Map<String, Map<String, String>> documented = new TreeMap<>();
      doc.rows("Metrics: " + service, "attributes").forEach(r -> documented.put(r.get("OpenTelemetry name"), r));
      Map<String, MetricData> emitted = new TreeMap<>();
      metrics.get(service).stream()
          .filter(m -> m.getInstrumentationScopeInfo().getName().startsWith("io.ingestlens"))
          .forEach(m -> emitted.put(m.getName(), m));

      assertThat(emitted.keySet()).as("metrics of %s", service).isEqualTo(documented.keySet());
      documented.forEach(
          (name, row) -> {
            MetricData metric = emitted.get(name);
            assertThat(metric.getUnit()).as("unit of %s", name).isEqualTo(row.get("unit"));
            assertThat(instrument(metric)).as("instrument of %s", name).isEqualTo(row.get("instrument"));
            assertThat(attributeKeys(metric)).as("attributes of %s", name).isEqualTo(TelemetryDoc.names(row.get("attributes")));
            assertThat(prometheusName(metric)).as("Prometheus name of %s", name).isEqualTo(row.get("Prometheus name"));
          });
    }
  }

  @Test
  void runtimeAndKafkaClientMetricsListedAreEmitted() {
    for (Map<String, String> row : doc.rows("Metrics: both services", "instrument")) {
      for (String service : List.of("ingest-processor", "ingest-producer")) {
        MetricData metric = find(service, row.get("OpenTelemetry name"));
        assertThat(metric.getUnit()).as("unit of %s", metric.getName()).isEqualTo(row.get("unit"));
        assertThat(instrument(metric)).isEqualTo(row.get("instrument"));
        assertThat(prometheusName(metric)).isEqualTo(row.get("Prometheus name"));
      }
    }
    for (Map<String, String> row : doc.rows("Metrics: both services", "service")) {
      String service = "ingest-" + row.get("service");
      MetricData metric = find(service, row.get("OpenTelemetry name"));
      assertThat(prometheusName(metric)).isEqualTo(row.get("Prometheus name"));
    }
  }

  @Test
  void spansMatchTheDocument() {
    Map<String, String> kinds = new TreeMap<>();
    doc.rows("Spans", "kind").forEach(r -> kinds.put(r.get("name"), r.get("kind")));
    Set<String> emittedNames = spans.stream().map(SpanData::getName).collect(Collectors.toCollection(TreeSet::new));
    assertThat(emittedNames).isEqualTo(kinds.keySet());
    for (SpanData span : spans) {
      assertThat(span.getKind().name()).as("kind of %s", span.getName()).isEqualTo(kinds.get(span.getName()));
    }
    for (Map<String, String> row : doc.rows("Spans", "kind")) {
      Set<String> listed = TelemetryDoc.names(row.get("attributes"));
      if (listed.stream().allMatch(a -> a.contains("."))) { // rows listing attributes, not prose
        spans.stream()
            .filter(s -> s.getName().equals(row.get("name")) && s.getStatus().getStatusCode() != StatusCode.ERROR)
            .forEach(s -> assertThat(keys(s.getAttributes())).as("attributes of %s", s.getName()).containsAll(listed));
      }
    }
  }

  @Test
  void runLogRecordsCarryExactlyTheDocumentedAttributes() {
    Set<String> documented =
        doc.rows("Log records", "Loki structured metadata").stream().map(r -> r.get("attribute")).collect(Collectors.toSet());
    List<LogRecordData> runs = logs.stream().filter(l -> "ingestion.run".equals(l.getEventName())).toList();

    assertThat(runs).isNotEmpty();
    assertThat(runs).extracting(l -> keys(l.getAttributes())).containsOnly(documented);
    for (Map<String, String> row : doc.rows("Log records", "Loki structured metadata")) {
      assertThat(row.get("Loki structured metadata")).isEqualTo(row.get("attribute").replace('.', '_'));
    }
  }

  /** Waits for a metric to have a point; fails naming the metrics that had one at the last look. */
  private static void awaitMetric(CapturingTelemetry telemetry, String name) {
    await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(telemetry.metrics())
        .extracting(MetricData::getName).as("metrics with a point so far").contains(name));
  }

  private static MetricData find(String service, String name) {
    return metrics.get(service).stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(service + " does not emit " + name + "; it emits "
            + metrics.get(service).stream().map(m -> m.getName() + " [" + m.getUnit() + "]").sorted().toList()));
  }

  private static String instrument(MetricData metric) {
    MetricDataType type = metric.getType();
    return switch (type) {
      case HISTOGRAM, EXPONENTIAL_HISTOGRAM -> "Histogram";
      case LONG_GAUGE, DOUBLE_GAUGE -> "Gauge";
      case LONG_SUM -> metric.getLongSumData().isMonotonic() ? "Counter" : "UpDownCounter";
      case DOUBLE_SUM -> metric.getDoubleSumData().isMonotonic() ? "Counter" : "UpDownCounter";
      default -> type.name();
    };
  }

  /** The Prometheus name OTLP translation gives (Prometheus 3 and Alloy): see docs/telemetry.md. */
  static String prometheusName(MetricData metric) {
    String name = metric.getName().replaceAll("[^A-Za-z0-9_]", "_");
    String unit = switch (metric.getUnit()) {
      case "s" -> "seconds";
      case "By" -> "bytes";
      case "1" -> "ratio";
      default -> metric.getUnit().startsWith("{") || metric.getUnit().isEmpty() ? "" : metric.getUnit();
    };
    if (!unit.isEmpty() && !name.endsWith("_" + unit)) {
      name += "_" + unit;
    }
    if (instrument(metric).equals("Counter")) {
      name += "_total";
    }
    return name;
  }

  private static Set<String> attributeKeys(MetricData metric) {
    return metric.getData().getPoints().stream()
        .map(PointData::getAttributes)
        .flatMap(a -> keys(a).stream())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> keys(Attributes attributes) {
    return attributes.asMap().keySet().stream().map(AttributeKey::getKey).collect(Collectors.toCollection(TreeSet::new));
  }
}
