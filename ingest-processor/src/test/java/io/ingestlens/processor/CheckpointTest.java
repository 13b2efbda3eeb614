package io.ingestlens.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestlens.event.IngestionEvent;
import io.ingestlens.event.RecordKey;
import io.ingestlens.processor.kafka.ConsumerFactory;
import io.ingestlens.runtime.otel.MetricsCheckpoint;
import io.ingestlens.runtime.otel.backpressure.TelemetryBackpressure;
import io.ingestlens.testkit.KafkaBroker;
import io.ingestlens.testkit.OtlpReceiver;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offsets are committed after the metrics that count them are exported. The real service runs in
 * child JVMs exporting OTLP metrics every 500 ms to a receiver in this test; what the receiver
 * last got from each instance is what a metrics backend would show.
 */
class CheckpointTest {

  private static final int EVENTS = 20_000;
  private static final int PARTITIONS = 3;
  private static final int CHUNK = 500;
  /** How far publishing runs ahead of what the child has exported: it always has work. */
  private static final int LEAD = 2_000;

  @RegisterExtension
  static final KafkaBroker KAFKA = new KafkaBroker();

  /**
   * A processor killed (SIGKILL) mid-stream, then a second one in its group: the counters the two
   * exported add up to every event exactly once. The receiver holds the export under way when the
   * kill comes, so the kill lands between two checkpoints (an export neither delivered nor
   * committed); a kill in the moment between an export's delivery and its commit is the one case
   * the guarantee leaves out.
   */
  @Test
  void countersOfAKilledProcessorAndItsSuccessorCountEveryEventExactlyOnce(@TempDir Path dir) throws Exception {
    String topic = "killed";
    String group = "processor-" + topic;
    KAFKA.createTopic(topic, PARTITIONS);
    List<IngestionEvent> events = events(EVENTS);
    try (OtlpReceiver receiver = OtlpReceiver.start();
        Producer<String, byte[]> producer = KAFKA.producer()) {
      Process first = child(dir.resolve("first"), topic, group, receiver);
      Process second = null;
      try {
        int published = publishWhileBusy(producer, topic, events, 0, receiver, EVENTS / 4);

        receiver.hold();
        published = publish(producer, topic, events, published, CHUNK); // work while the export waits
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.heldCount() > 0);
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no last checkpoint
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        receiver.release(); // the held export never reached the collector

        String firstId = only(receiver);
        Totals killed = latest(receiver, firstId);
        assertThat(killed.processed()).isBetween((long) EVENTS / 4, (long) published);
        assertThat(KAFKA.committed(group))
            .as("committed: what the last delivered export counted, nothing more")
            .isEqualTo(killed.processed());

        publish(producer, topic, events, published, EVENTS - published);
        second = child(dir.resolve("second"), topic, group, receiver);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
            .until(() -> KAFKA.committed(group) == KAFKA.endOffsets(topic));
        String secondId = other(receiver, firstId);
        int exportsAtCommit = latest(receiver, secondId).exports();
        // One more export: the counters stopped moving with the last commit.
        await().atMost(Duration.ofSeconds(30)).until(() -> latest(receiver, secondId).exports() > exportsAtCommit);

        Totals successor = latest(receiver, secondId);
        assertThat(latest(receiver, firstId)).as("nothing more from the killed one").isEqualTo(killed);
        assertThat(receiver.metricExports().keySet()).containsExactlyInAnyOrder(firstId, secondId);
        assertThat(killed.processed() + successor.processed()).isEqualTo(EVENTS);
        assertThat(killed.runs() + successor.runs()).isEqualTo(EVENTS);
        assertThat(successor.processed()).isEqualTo(EVENTS - killed.processed());
      } finally {
        first.destroyForcibly();
        if (second != null) {
          second.destroyForcibly();
        }
      }
    }
  }

  /**
   * In process, with an export the test completes by hand: handling goes on while an export is in
   * flight, the offsets it covers are committed only once it is done (failed or not), and close
   * takes a last checkpoint of everything handled.
   */
  @Test
  void offsetsAreCommittedOnlyOnceTheirExportIsDoneAndHandlingNeverWaitsForIt() throws Exception {
    String topic = "held-export";
    String group = "processor-" + topic;
    KAFKA.createTopic(topic, 1);
    HeldCheckpoint checkpoint = new HeldCheckpoint();
    List<IngestionEvent> events = events(110);
    try (TestTelemetry telemetry = new TestTelemetry();
        Producer<String, byte[]> producer = KAFKA.producer()) {
      Processor processor = new Processor(TestSettings.of(KAFKA, topic), telemetry.sdk, checkpoint, TelemetryBackpressure.none(), ConsumerFactory.kafka());
      try (processor) {
        processor.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> checkpoint.exports.size() == 1); // taken before any event

        publish(producer, topic, events, 0, 100);
        await().atMost(Duration.ofSeconds(60)).until(() -> processor.handledCount() == 100);
        assertThat(checkpoint.exports).as("no second export while one is in flight").hasSize(1);
        assertThat(processor.committedCount()).isZero();

        checkpoint.exports.get(0).fail(); // lost: it counted nothing anyway
        await().atMost(Duration.ofSeconds(60)).until(() -> checkpoint.exports.size() == 2); // the 100
        assertThat(KAFKA.committed(group)).isZero();
        checkpoint.exports.get(1).succeed();
        await().atMost(Duration.ofSeconds(60)).until(() -> processor.committedCount() == 100);
        assertThat(KAFKA.committed(group)).isEqualTo(100);

        publish(producer, topic, events, 100, 10);
        await().atMost(Duration.ofSeconds(60)).until(() -> processor.handledCount() == 110);
        checkpoint.release(); // close waits for its last export: let it complete
      }
      assertThat(processor.committedCount()).isEqualTo(110);
      assertThat(KAFKA.committed(group)).isEqualTo(110);
    }
  }

  /** SIGTERM under load: a prompt exit whose last commit covers exactly what its last export counted. */
  @Test
  void onSigtermUnderLoadTheLastCommitMatchesTheLastExport(@TempDir Path dir) throws Exception {
    String topic = "terminated";
    String group = "processor-" + topic;
    KAFKA.createTopic(topic, PARTITIONS);
    List<IngestionEvent> events = events(EVENTS);
    try (OtlpReceiver receiver = OtlpReceiver.start();
        Producer<String, byte[]> producer = KAFKA.producer()) {
      Process child = child(dir.resolve("child"), topic, group, receiver);
      try {
        int published = publishWhileBusy(producer, topic, events, 0, receiver, EVENTS / 4);
        publish(producer, topic, events, published, CHUNK);

        child.destroy(); // SIGTERM while records are still coming
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("exited within a minute").isTrue();
        assertThat(child.exitValue()).isEqualTo(143);

        Totals last = latest(receiver, only(receiver));
        assertThat(last.processed()).isGreaterThanOrEqualTo(EVENTS / 4);
        assertThat(last.runs()).isEqualTo(last.processed());
        assertThat(KAFKA.committed(group)).isEqualTo(last.processed());
      } finally {
        child.destroyForcibly();
      }
    }
  }

  /**
   * Publishes chunk after chunk, keeping at most {@link #LEAD} events ahead of what the child has
   * exported, until it exported {@code processed} of them; returns how many were published.
   */
  private static int publishWhileBusy(Producer<String, byte[]> producer, String topic, List<IngestionEvent> events,
      int from, OtlpReceiver receiver, long processed) {
    int published = from;
    while (processed(receiver) < processed) {
      published = publish(producer, topic, events, published, CHUNK);
      long behind = published - LEAD;
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
          .until(() -> processed(receiver) >= behind);
    }
    return published;
  }

  private static int publish(Producer<String, byte[]> producer, String topic, List<IngestionEvent> events, int from, int count) {
    int to = Math.min(events.size(), from + count);
    for (int i = from; i < to; i++) {
      IngestionEvent e = events.get(i);
      producer.send(new ProducerRecord<>(topic, RecordKey.of(e), TestEvents.json(e)));
    }
    producer.flush();
    return to;
  }

  private static List<IngestionEvent> events(int count) {
    List<IngestionEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(TestEvents.run("source-" + (i % 5), "object-" + (i % 7), i % 10 == 0 ? "FAILED" : "SUCCESS",
          Duration.ofMinutes(1)));
    }
    return events;
  }

  /** The service's main class in a JVM of its own, configured the way the deployment does it. */
  private static Process child(Path dir, String topic, String group, OtlpReceiver receiver) throws Exception {
    java.nio.file.Files.createDirectories(dir);
    Path logback = Path.of(ProcessorMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve("logback.xml");
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m",
        "-cp", System.getProperty("java.class.path"),
        "-Dlogback.configurationFile=" + logback,
        "io.ingestlens.processor.ProcessorMain")
        .redirectOutput(dir.resolve("stdout.txt").toFile())
        .redirectError(dir.resolve("stderr.txt").toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("OTEL_") || name.startsWith("KAFKA_") || name.startsWith("INGEST_"));
    env.put("KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
    env.put("KAFKA_GROUP_ID", group);
    // A static member: the successor takes the killed one's place at once, without waiting for the
    // group to notice that it is gone.
    env.put("KAFKA_GROUP_INSTANCE_ID", group + "-member");
    env.put("INGEST_TOPIC", topic);
    env.put("INGEST_DLQ_TOPIC", topic + ".dlq");
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
    env.put("OTEL_METRIC_EXPORT_INTERVAL", "500");
    env.put("OTEL_TRACES_EXPORTER", "none");
    env.put("OTEL_LOGS_EXPORTER", "none");
    return builder.start();
  }

  /** Exports that stay in flight until the test completes them, one checkpoint per poll. */
  private static final class HeldCheckpoint implements MetricsCheckpoint {
    final List<CompletableResultCode> exports = new CopyOnWriteArrayList<>();
    private volatile boolean released;

    @Override
    public CompletableResultCode export(CompletableResultCode sendAfter) {
      CompletableResultCode result = released ? CompletableResultCode.ofSuccess() : new CompletableResultCode();
      exports.add(result);
      return result;
    }

    @Override
    public Duration interval() {
      return Duration.ofMillis(1);
    }

    void release() {
      released = true;
      exports.forEach(CompletableResultCode::succeed);
    }
  }

  /** What one export of one instance said; {@code exports} counts that instance's exports so far. */
  record Totals(long runs, long processed, int exports) {}

  /** What the collector last got from one instance; {@code exports} counts its metric exports so far. */
  private static Totals latest(OtlpReceiver collector, String instance) {
    return new Totals(
        collector.counterTotals("ingestion.runs").getOrDefault(instance, 0L),
        collector.counterTotals("ingestion.events.processed").getOrDefault(instance, 0L),
        collector.metricExports().getOrDefault(instance, 0));
  }

  /** The one instance that has exported metrics so far. */
  private static String only(OtlpReceiver collector) {
    assertThat(collector.metricExports()).hasSize(1);
    return collector.metricExports().keySet().iterator().next();
  }

  /** The instance other than {@code instance}, once a second one has exported. */
  private static String other(OtlpReceiver collector, String instance) {
    await().atMost(Duration.ofSeconds(30)).until(() -> collector.metricExports().size() == 2);
    return collector.metricExports().keySet().stream().filter(id -> !id.equals(instance)).findFirst().orElseThrow();
  }

  /** Events processed, summed over instances, as last exported. */
  private static long processed(OtlpReceiver collector) {
    return collector.counterTotals("ingestion.events.processed").values().stream().mapToLong(Long::longValue).sum();
  }
}
