package io.ingestlens.processor.handle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * Shares each poll's records out among the workers' handlers by record key, the
 * calling (poll) thread being worker 0, and returns once every worker has handled its share: a
 * batch is always finished before the next poll, so commits and rebalances only ever happen while
 * the poll thread alone runs.
 */
public final class Workers implements AutoCloseable {

  /** One worker's handling of one record ({@link RecordHandler} in the processor). */
  @FunctionalInterface
  public interface Handler {
    void handle(ConsumerRecord<byte[], byte[]> record);
  }

  private final List<Handler> handlers;
  private final ExecutorService pool;

  /** @param handlers one per worker, in worker order; the first runs on the calling thread */
  public Workers(List<? extends Handler> handlers) {
    if (handlers.isEmpty()) {
      throw new IllegalArgumentException("at least one worker");
    }
    this.handlers = List.copyOf(handlers);
    if (handlers.size() > 1) {
      AtomicInteger made = new AtomicInteger();
      pool = Executors.newFixedThreadPool(handlers.size() - 1, task -> {
        Thread worker = new Thread(task, "ingest-processor-worker-" + made.incrementAndGet());
        worker.setDaemon(true); // never keeps the JVM up; close() shuts the pool down anyway
        return worker;
      });
    } else {
      pool = null;
    }
  }

  public int size() {
    return handlers.size();
  }

  /**
   * Handles a whole batch; an error in one share is rethrown once every worker has finished its
   * own, so no worker still runs when the caller decides what to commit.
   */
  public void handle(ConsumerRecords<byte[], byte[]> records) {
    int workers = handlers.size();
    List<List<ConsumerRecord<byte[], byte[]>>> shares = new ArrayList<>(workers);
    for (int i = 0; i < workers; i++) {
      shares.add(new ArrayList<>(records.count() / workers + 16));
    }
    for (ConsumerRecord<byte[], byte[]> record : records) { // partition by partition, in offset order
      shares.get(workerOf(record, workers)).add(record);
    }
    List<Future<?>> others = new ArrayList<>();
    for (int i = 1; i < workers; i++) {
      List<ConsumerRecord<byte[], byte[]>> share = shares.get(i);
      Handler handler = handlers.get(i);
      if (!share.isEmpty()) {
        others.add(pool.submit(() -> handleAll(share, handler)));
      }
    }
    Throwable failed = null;
    try {
      handleAll(shares.get(0), handlers.get(0));
    } catch (RuntimeException | Error e) {
      failed = e;
    }
    boolean interrupted = false;
    for (Future<?> other : others) {
      // Waits for every worker, even after a failure or an interrupt: the final commit must not
      // collect metrics while a worker still records them.
      while (true) {
        try {
          other.get();
          break;
        } catch (ExecutionException e) {
          failed = failed == null ? e.getCause() : failed;
          break;
        } catch (InterruptedException e) {
          interrupted = true; // not a failure: the share still ends, and the batch with it
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failed instanceof RuntimeException e) {
      throw e;
    } else if (failed instanceof Error e) {
      throw e;
    } else if (failed != null) {
      throw new IllegalStateException(failed);
    }
  }

  /**
   * The worker of a record: by its key, so one key's records (one source and object's) are handled
   * in order by one worker, whose de-duplication window sees every redelivery of them. Not by
   * partition: a few keys often fill one partition, and partitions rarely divide evenly among the
   * workers. A record without a key goes by its partition. The key's hash is spread (Fibonacci
   * hashing) so the choice does not follow the partitioner's.
   */
  static int workerOf(ConsumerRecord<byte[], byte[]> record, int workers) {
    byte[] key = record.key();
    int hash = key == null ? record.partition() : Arrays.hashCode(key);
    return (int) ((Integer.toUnsignedLong(hash * 0x9E3779B9) * workers) >>> 32);
  }

  private static void handleAll(List<ConsumerRecord<byte[], byte[]>> share, Handler handler) {
    for (ConsumerRecord<byte[], byte[]> record : share) {
      handler.handle(record);
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
