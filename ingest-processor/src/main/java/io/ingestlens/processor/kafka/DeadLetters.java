package io.ingestlens.processor.kafka;

import io.ingestlens.event.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends refused records, unchanged (key, value, headers), to the dead-letter topic with headers
 * saying why and where from. Sends are asynchronous; {@link #awaitAcks()} waits for the broker's
 * acknowledgement of every send of the batch, and the processor commits offsets only after it.
 */
public final class DeadLetters implements AutoCloseable {

  public static final String REASON = "dlq.reason";
  public static final String DETAIL = "dlq.detail";
  public static final String ORIGINAL_TOPIC = "dlq.original.topic";
  public static final String ORIGINAL_PARTITION = "dlq.original.partition";
  public static final String ORIGINAL_OFFSET = "dlq.original.offset";
  public static final String ORIGINAL_TIMESTAMP = "dlq.original.timestamp";
  public static final String TIME = "dlq.time";
  /** Set when the value had to be left out because the dead-letter topic refused its size. */
  public static final String VALUE_OMITTED = "dlq.value.omitted";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
  private final List<Future<RecordMetadata>> acks = new ArrayList<>();

  public DeadLetters(Producer<byte[], byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  /** Thread-safe: the workers share one producer and one list of pending acknowledgements. */
  public synchronized void send(ConsumerRecord<byte[], byte[]> record, RejectReason reason, String detail) {
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    headers.add(REASON, utf8(reason.errorType()));
    headers.add(DETAIL, utf8(detail));
    headers.add(ORIGINAL_TOPIC, utf8(record.topic()));
    headers.add(ORIGINAL_PARTITION, utf8(Integer.toString(record.partition())));
    headers.add(ORIGINAL_OFFSET, utf8(Long.toString(record.offset())));
    headers.add(ORIGINAL_TIMESTAMP, utf8(Long.toString(record.timestamp())));
    headers.add(TIME, utf8(Instant.now().toString()));
    // No timestamp: the broker's retention must count from now, not from the original record.
    ProducerRecord<byte[], byte[]> letter =
        new ProducerRecord<>(topic, null, null, record.key(), record.value(), headers);
    sent.add(letter);
    acks.add(producer.send(letter));
  }

  /**
   * Waits for every send since the last call. A record the topic refuses as too large goes again
   * without its value (header {@code dlq.value.omitted}); true when all are acknowledged.
   */
  public synchronized boolean awaitAcks() throws InterruptedException {
    if (acks.isEmpty()) {
      return true;
    }
    producer.flush();
    int failed = 0;
    Throwable firstCause = null;
    List<Future<RecordMetadata>> retriedAcks = new ArrayList<>();
    for (int i = 0; i < acks.size(); i++) {
      try {
        acks.get(i).get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RecordTooLargeException) {
          ProducerRecord<byte[], byte[]> original = sent.get(i);
          RecordHeaders headers = new RecordHeaders(original.headers().toArray());
          headers.add(VALUE_OMITTED, utf8("too_large"));
          ProducerRecord<byte[], byte[]> stripped =
              new ProducerRecord<>(topic, null, null, original.key(), null, headers);
          retriedAcks.add(producer.send(stripped));
        } else {
          failed++;
          firstCause = firstCause == null ? e.getCause() : firstCause;
        }
      }
    }
    sent.clear();
    acks.clear();
    for (Future<RecordMetadata> ack : retriedAcks) {
      try {
        ack.get();
      } catch (ExecutionException e) {
        failed++;
        firstCause = firstCause == null ? e.getCause() : firstCause;
      }
    }
    if (failed > 0) {
      // One line per batch, not per letter: every log line takes room in the telemetry queue.
      LOG.error("{} dead-letter send(s) to {} failed, the batch will be read again: {}", failed, topic, firstCause.toString());
    }
    return failed == 0;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
