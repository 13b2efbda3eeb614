package io.ingestlens.bench;

import io.ingestlens.event.EventJson;
import io.ingestlens.event.EventReader;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.producer.generate.EventGenerator;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event codec alone, on one thread, without Kafka or telemetry: the data set's events (the
 * same generator and seed, so the same sources, objects, messages and sizes) read as the processor
 * reads them and written as the producer writes them. Reports CPU time and heap allocated per
 * event, from the thread's own counters ({@code ThreadMXBean}).
 */
final class CodecRun {

  /** Distinct events held in memory; each operation goes over them until it has done --events. */
  static final int MAX_DISTINCT = 100_000;

  enum Operation {
    READ("read and validate (EventReader)"),
    WRITE("write (EventJson.toBytes)");

    final String label;

    Operation(String label) {
      this.label = label;
    }
  }

  /**
   * @param nanosPerEvent the thread's CPU time per event
   * @param bytesPerEvent heap the thread allocated per event
   */
  record Result(double nanosPerEvent, double bytesPerEvent) {
    double eventsPerSecond() {
      return 1e9 / nanosPerEvent;
    }
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final byte[][] values;
  private final IngestionEvent[] events;
  private final long count;
  private long sink; // results are folded in here, so the JIT cannot drop the work

  private CodecRun(byte[][] values, IngestionEvent[] events, long count) {
    this.values = values;
    this.events = events;
    this.count = count;
  }

  /** The first {@code min(events, MAX_DISTINCT)} events of the data set, serialised as published. */
  static CodecRun prepare(Path sample, int events) throws InterruptedException {
    int distinct = Math.min(events, MAX_DISTINCT);
    EventGenerator generator = Dataset.generator(sample, Dataset.SEED);
    Instant firstEnd = Instant.now().minus(Duration.ofMillis(distinct));
    byte[][] values = new byte[distinct][];
    IngestionEvent[] list = new IngestionEvent[distinct];
    for (int i = 0; i < distinct; i++) {
      list[i] = generator.next(i, firstEnd.plusMillis(i));
      values[i] = EventJson.toBytes(list[i]);
    }
    return new CodecRun(values, list, events);
  }

  /** One measured round: each operation over {@code --events} events. */
  Map<Operation, Result> round() {
    Map<Operation, Result> results = new LinkedHashMap<>();
    results.put(Operation.READ, read());
    results.put(Operation.WRITE, write());
    return results;
  }

  private Result read() {
    EventReader reader = new EventReader();
    long now = Instant.now().getEpochSecond();
    long cpu = THREADS.getCurrentThreadCpuTime();
    long allocated = THREADS.getCurrentThreadAllocatedBytes();
    long valid = 0;
    for (long n = 0; n < count; n++) {
      if (reader.read(values[(int) (n % values.length)], now) instanceof EventReader.Valid v) {
        valid++;
        sink += v.idLow();
      }
    }
    Result r = measured(cpu, allocated);
    if (valid != count) {
      throw new IllegalStateException("the reader refused " + (count - valid) + " valid events");
    }
    return r;
  }

  private Result write() {
    long cpu = THREADS.getCurrentThreadCpuTime();
    long allocated = THREADS.getCurrentThreadAllocatedBytes();
    for (long n = 0; n < count; n++) {
      sink += EventJson.toBytes(events[(int) (n % events.length)]).length;
    }
    return measured(cpu, allocated);
  }

  private Result measured(long cpuBefore, long allocatedBefore) {
    long cpu = THREADS.getCurrentThreadCpuTime() - cpuBefore;
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
    return new Result((double) cpu / count, (double) allocated / count);
  }

  /** Medians over rounds, per operation. */
  static Map<Operation, Result> medians(List<Map<Operation, Result>> rounds) {
    Map<Operation, Result> medians = new LinkedHashMap<>();
    for (Operation op : Operation.values()) {
      List<Double> nanos = new ArrayList<>();
      List<Double> bytes = new ArrayList<>();
      for (Map<Operation, Result> round : rounds) {
        nanos.add(round.get(op).nanosPerEvent());
        bytes.add(round.get(op).bytesPerEvent());
      }
      medians.put(op, new Result(Stats.median(nanos), Stats.median(bytes)));
    }
    return medians;
  }

  int distinct() {
    return values.length;
  }

  long checksum() {
    return sink;
  }
}
