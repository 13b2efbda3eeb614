package io.ingestlens.producer.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the topic exists and every partition has a leader before the first send: an idempotent
 * producer that sends right after {@code createTopics()} can lose its first batch (KAFKA-15591).
 * Everything happens within the connect timeout, so an unreachable broker is an error, not a hang.
 */
public final class TopicPreparer {

  private static final Logger LOG = LoggerFactory.getLogger(TopicPreparer.class);
  private static final long RETRY_MS = 100;

  private TopicPreparer() {}

  /** @return the topic's partition count */
  public static int prepare(KafkaTarget target) throws InterruptedException {
    long deadline = System.nanoTime() + target.connectTimeout().toNanos();
    Admin admin;
    try {
      admin = Admin.create(target.adminConfig());
    } catch (KafkaException e) {
      throw failure(target, e);
    }
    try {
      int partitions = describeOrCreate(admin, target, deadline);
      awaitLeaders(admin, target, partitions, deadline);
      return partitions;
    } finally {
      admin.close(Duration.ZERO); // pending calls are abandoned: we already have our answer
    }
  }

  private static int describeOrCreate(Admin admin, KafkaTarget target, long deadline)
      throws InterruptedException {
    String topic = target.topic();
    try {
      return describe(admin, topic, deadline).partitions().size();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
        throw failure(target, e.getCause());
      }
    }
    try {
      await(admin.createTopics(List.of(new NewTopic(topic, Optional.of(target.partitions()), Optional.empty())))
          .all(), deadline, target);
      LOG.info("created topic {} with {} partitions", topic, target.partitions());
      return target.partitions();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw failure(target, e.getCause());
      }
    }
    try {
      return describe(admin, topic, deadline).partitions().size(); // created by someone else meanwhile
    } catch (ExecutionException e) {
      throw failure(target, e.getCause());
    }
  }

  private static TopicDescription describe(Admin admin, String topic, long deadline)
      throws ExecutionException, InterruptedException {
    KafkaFuture<TopicDescription> future = admin.describeTopics(List.of(topic)).topicNameValues().get(topic);
    try {
      return future.get(remainingMs(deadline), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ExecutionException(new org.apache.kafka.common.errors.TimeoutException("no answer", e));
    }
  }

  private static void awaitLeaders(Admin admin, KafkaTarget target, int partitions, long deadline)
      throws InterruptedException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(target.topic(), p), OffsetSpec.latest());
    }
    while (true) {
      try {
        // Asking for offsets before metadata shows every leader would make the admin client log
        // errors with stack traces; listOffsets then confirms each partition answers.
        boolean allHaveLeaders = describe(admin, target.topic(), deadline).partitions().stream()
            .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        if (allHaveLeaders) {
          await(admin.listOffsets(request).all(), deadline, target);
          return;
        }
      } catch (ExecutionException e) {
        if (e.getCause() instanceof AuthenticationException || e.getCause() instanceof AuthorizationException
            || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MS) >= deadline) {
          throw failure(target, e.getCause());
        }
      }
      if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MS) >= deadline) {
        throw failure(target, new org.apache.kafka.common.errors.TimeoutException("no leaders"));
      }
      Thread.sleep(RETRY_MS); // a retry backoff: leaders are elected within milliseconds
    }
  }

  private static <T> T await(KafkaFuture<T> future, long deadline, KafkaTarget target)
      throws ExecutionException, InterruptedException {
    try {
      return future.get(remainingMs(deadline), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw failure(target, new org.apache.kafka.common.errors.TimeoutException("no answer", e));
    }
  }

  private static long remainingMs(long deadline) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  static KafkaUnavailableException failure(KafkaTarget target, Throwable cause) {
    String where = "Kafka at " + target.bootstrapServers();
    String message;
    if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
      message = where + " did not answer within " + Durations.format(target.connectTimeout());
    } else if (cause instanceof AuthenticationException) {
      message = where + " refused the credentials: " + oneLine(cause);
    } else if (cause instanceof AuthorizationException) {
      message = where + " denied access to topic " + target.topic() + ": " + oneLine(cause);
    } else {
      message = "cannot use " + where + ": " + oneLine(cause);
    }
    return new KafkaUnavailableException(message, cause);
  }

  private static String oneLine(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return text.lines().findFirst().orElse("").trim();
  }
}
