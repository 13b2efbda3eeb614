package io.ingestlens.kafka;

import io.ingestlens.runtime.kafka.TopicPreparer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) inside this JVM, on two free
 * loopback ports. For tests and the no-Docker quickstart; not for production.
 *
 * <p>{@link #stop()} and {@link #start()} keep the log directory and ports, so a test can take the
 * broker away mid-stream and bring it back with its data.
 */
public final class InProcessKafka implements AutoCloseable {

  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  private final Path logDir;
  private final boolean ownsLogDir;
  private final int brokerPort;
  private final int controllerPort;
  private KafkaRaftServer server;

  private InProcessKafka(Path logDir, boolean ownsLogDir) {
    this.logDir = logDir;
    this.ownsLogDir = ownsLogDir;
    this.brokerPort = freePort();
    this.controllerPort = freePort();
  }

  /** Formats a fresh log directory in a temporary folder and starts the broker. */
  public static InProcessKafka start() {
    try {
      InProcessKafka kafka = new InProcessKafka(Files.createTempDirectory("kafka-inprocess-"), true);
      kafka.format();
      kafka.startServer();
      return kafka;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a log directory for the in-process broker", e);
    }
  }

  /** Starts the broker again after {@link #stop()}, with the same ports and data. */
  public synchronized void restart() {
    if (server != null) {
      throw new IllegalStateException("broker is already running");
    }
    startServer();
  }

  /** Stops the broker, keeping its data; clients see it as unreachable until {@link #restart()}. */
  public synchronized void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  public String bootstrapServers() {
    return "localhost:" + brokerPort;
  }

  /**
   * Creates a topic (if missing) and waits until every partition has a leader
   * ({@link TopicPreparer}): producing right after {@code createTopics()} can lose the first batch
   * otherwise (KAFKA-15591).
   */
  public void createTopic(String name, int partitions, Duration timeout) {
    try (Admin admin = Admin.create(adminConfig())) {
      TopicPreparer.prepare(admin, new NewTopic(name, partitions, (short) 1), timeout);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    }
  }

  private Properties adminConfig() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return props;
  }

  private void format() {
    try {
      new Formatter()
          .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
          .setNodeId(1)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(logDir.toString()))
          .setMetadataLogDirectory(logDir.toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format the in-process broker's log directory", e);
    }
  }

  private synchronized void startServer() {
    Map<String, Object> props = new HashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
    props.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "3");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    props.put("num.partitions", "3");
    // Compaction only runs on the offsets topic here: the default 128 MiB dedupe buffer would sit on
    // the heap of whatever JVM embeds the broker (tests, quickstart, benchmark).
    props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    KafkaRaftServer started = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
    started.startup();
    server = started;
  }

  @Override
  public void close() {
    stop();
    if (ownsLogDir) {
      deleteRecursively(logDir);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp folder is not worth failing a test run for.
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
