package io.ingestlens.runtime.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Makes a topic ready to produce to: creates it when missing, then waits until every partition has
 * a leader that answers. An idempotent producer that sends right after {@code createTopics()} can
 * lose its first batch otherwise (KAFKA-15591).
 *
 * <p>An existing topic gets no create request (a principal without CREATE rights would be refused).
 * Everything happens within one timeout, so an unreachable broker is an error, not a hang; each
 * caller turns the failure into its own message.
 */
public final class TopicPreparer {

  /** What the preparation found: the topic's partition count, and whether this call created it. */
  public record PreparedTopic(int partitions, boolean created) {}

  private static final long RETRY_MS = 50;

  private TopicPreparer() {}

  /**
   * @param topic the topic to create if missing (an existing one keeps its own partitions and configs)
   * @throws ExecutionException with the broker's error as cause; a
   *     {@link org.apache.kafka.common.errors.TimeoutException} when {@code timeout} passed first
   */
  public static PreparedTopic prepare(Admin admin, NewTopic topic, Duration timeout)
      throws ExecutionException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean created = createIfMissing(admin, topic, deadline);
    int partitions = awaitLeaders(admin, topic.name(), timeout, deadline);
    return new PreparedTopic(partitions, created);
  }

  private static boolean createIfMissing(Admin admin, NewTopic topic, long deadline)
      throws ExecutionException, InterruptedException {
    try {
      describe(admin, topic.name(), deadline);
      return false;
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
        throw e;
      }
    }
    try {
      await(admin.createTopics(List.of(topic)).all(), deadline);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false; // created by someone else meanwhile
      }
      throw e;
    }
  }

  /** @return the partition count, once every partition's leader answered a {@code listOffsets} */
  private static int awaitLeaders(Admin admin, String topic, Duration timeout, long deadline)
      throws ExecutionException, InterruptedException {
    ExecutionException last = null;
    while (true) {
      try {
        TopicDescription description = describe(admin, topic, deadline);
        last = null; // the broker answers: only a missing leader is left to wait for
        // listOffsets on a partition without a leader makes the admin client log errors with stack
        // traces: the metadata must show every leader first.
        boolean allLed = description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        if (allLed) {
          Map<TopicPartition, OffsetSpec> request = new HashMap<>();
          description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
          await(admin.listOffsets(request).all(), deadline); // succeeds once each leader serves requests
          return description.partitions().size();
        }
      } catch (ExecutionException e) {
        if (e.getCause() instanceof AuthenticationException || e.getCause() instanceof AuthorizationException) {
          throw e; // waiting does not change the answer
        }
        last = e;
      }
      if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MS) >= deadline) {
        throw last != null ? last
            : new ExecutionException(new TimeoutException("partitions of " + topic + " have no leader after " + timeout));
      }
      Thread.sleep(RETRY_MS); // a retry backoff: leaders are elected within milliseconds
    }
  }

  private static TopicDescription describe(Admin admin, String topic, long deadline)
      throws ExecutionException, InterruptedException {
    return await(admin.describeTopics(List.of(topic)).topicNameValues().get(topic), deadline);
  }

  /** The future's value; a deadline passed becomes Kafka's own timeout error, as the client reports it. */
  private static <T> T await(KafkaFuture<T> future, long deadline) throws ExecutionException, InterruptedException {
    long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    try {
      return future.get(left, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new ExecutionException(new TimeoutException("no answer before the timeout"));
    }
  }
}
