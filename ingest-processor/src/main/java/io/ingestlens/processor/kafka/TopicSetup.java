package io.ingestlens.processor.kafka;

import io.ingestlens.runtime.kafka.TopicPreparer;
import io.ingestlens.runtime.kafka.TopicPreparer.PreparedTopic;
import io.ingestlens.runtime.otel.LogText;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up checks against the broker: is it reachable at all (a clear error within a bounded time,
 * rather than a consumer retrying silently forever), and does the dead-letter topic exist with
 * leaders on every partition ({@link TopicPreparer}).
 */
public final class TopicSetup {

  private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

  /** What the processor learnt about the topics. */
  public record Topics(int sourcePartitions, Integer sourceMaxMessageBytes) {}

  /** The broker is out of reach, or the dead-letter topic cannot be made ready; the message is one line. */
  public static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private TopicSetup() {}

  /**
   * @param sourceTopic the topic the processor reads (its partition count and size limit carry over)
   * @param startupTimeout how long the broker has to answer and the dead-letter topic to be ready
   * @throws Failure when the broker does not answer in time or the dead-letter topic cannot be prepared
   */
  public static Topics prepare(
      Admin admin, String bootstrapServers, String sourceTopic, String deadLetterTopic, Duration startupTimeout) {
    Instant deadline = Instant.now().plus(startupTimeout);
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(millisLeft(deadline)))
          .clusterId()
          .get(millisLeft(deadline), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new Failure(
          "cannot reach Kafka at " + bootstrapServers + " within "
              + startupTimeout.toSeconds() + " s: " + rootMessage(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure("interrupted while reaching Kafka", e);
    }
    try {
      Topics topics = describeSource(admin, sourceTopic, deadline);
      prepareDeadLetterTopic(admin, deadLetterTopic, topics, deadline);
      return topics;
    } catch (ExecutionException | TimeoutException e) {
      throw new Failure("cannot prepare dead-letter topic " + deadLetterTopic + ": " + rootMessage(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure("interrupted while preparing topics", e);
    }
  }

  private static Topics describeSource(Admin admin, String topic, Instant deadline)
      throws InterruptedException, TimeoutException, ExecutionException {
    TopicDescription description;
    try {
      description =
          admin.describeTopics(List.of(topic)).topicNameValues().get(topic)
              .get(millisLeft(deadline), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        LOG.warn("topic {} does not exist yet; the processor will wait for it", topic);
        return new Topics(1, null);
      }
      throw e;
    }
    Integer maxMessageBytes = null;
    try {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config =
          admin.describeConfigs(List.of(resource)).all()
              .get(millisLeft(deadline), TimeUnit.MILLISECONDS).get(resource);
      ConfigEntry entry = config == null ? null : config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
      if (entry != null && entry.value() != null) {
        maxMessageBytes = Integer.valueOf(entry.value());
      }
    } catch (ExecutionException | NumberFormatException e) {
      // Not allowed to read configs (ACLs): the dead-letter topic keeps the broker's default.
      LOG.info("cannot read the configuration of {}: {}", topic, rootMessage(e));
    }
    return new Topics(description.partitions().size(), maxMessageBytes);
  }

  /**
   * Creates the dead-letter topic if missing and waits for its leaders. Replication factor: the
   * broker's default. Size limit: the source topic's, so every record the source accepted can be
   * dead-lettered unchanged.
   */
  private static void prepareDeadLetterTopic(Admin admin, String dlq, Topics source, Instant deadline)
      throws InterruptedException, ExecutionException {
    NewTopic topic = new NewTopic(dlq, Optional.of(source.sourcePartitions()), Optional.empty());
    if (source.sourceMaxMessageBytes() != null) {
      topic.configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, source.sourceMaxMessageBytes().toString()));
    }
    PreparedTopic prepared = TopicPreparer.prepare(admin, topic, Duration.ofMillis(millisLeft(deadline)));
    if (prepared.created()) {
      LOG.info("created dead-letter topic {} with {} partitions", dlq, prepared.partitions());
    }
  }

  private static int millisLeft(Instant deadline) {
    long left = Duration.between(Instant.now(), deadline).toMillis();
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
  }

  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message =
        t.getMessage() != null ? t.getMessage()
            : t instanceof TimeoutException ? "no answer before the timeout"
            : t.getClass().getSimpleName();
    return LogText.sanitize(message, 300);
  }
}
