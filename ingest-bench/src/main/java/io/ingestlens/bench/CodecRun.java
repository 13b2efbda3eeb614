package io.ingestlens.bench;

import io.ingestlens.event.EventJson;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.processor.read.EventReader;
import io.ingestlens.processor.read.JacksonEventReader;
import io.ingestlens.processor.read.Utf8;
import io.ingestlens.processor.read.ValueReader;
import io.ingestlens.producer.generate.EventGenerator;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The event codec alone, on one thread, without Kafka or telemetry: the data set's events (the
 * same generator and seed, so the same sources, objects, messages and sizes) read by each reader
 * the processor can use, and written by the event model. Reports CPU time and heap allocated per
 * event, from the thread's own counters ({@code ThreadMXBean}).
 */
final class CodecRun {

  /** Distinct events held in memory; the readers go over them until they have read --events. */
  static final int MAX_DISTINCT = 100_000;

  /** One way of handling an event: read one with a reader, or write one. */
  enum Operation {
    READ_CURSOR("read: hand-written JsonCursor (EventReader)"),
    READ_JACKSON("read: Jackson streaming parser (JacksonEventReader)"),
    READ_JACKSON_CACHED("read: Jackson streaming parser, label values cached"),
    UTF8_DECODER("of which checking UTF-8, were it the JDK's CharsetDecoder"),
    UTF8_CHECK("of which checking UTF-8 (Utf8.firstMalformed)"),
    WRITE_DATABIND("write: Jackson databind (EventJson.toBytes)"),
    WRITE_STREAMING("write: Jackson streaming generator, field by field");

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
  private final long reads;
  private long sink; // results are folded in here, so the JIT cannot drop the work

  private CodecRun(byte[][] values, IngestionEvent[] events, long reads) {
    this.values = values;
    this.events = events;
    this.reads = reads;
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
    for (int i = 0; i < distinct; i++) {
      if (!Arrays.equals(values[i], StreamingEventWriter.toBytes(list[i]))) {
        throw new IllegalStateException("the streaming writer differs from EventJson on event " + i);
      }
    }
    return new CodecRun(values, list, events);
  }

  /**
   * One measured round: every operation once, in turn, over {@code --events} events.
   *
   * @param jacksonFirst read with Jackson before JsonCursor (alternate rounds, so neither always goes first)
   */
  Map<Operation, Result> round(boolean jacksonFirst) {
    Map<Operation, Result> results = new LinkedHashMap<>();
    if (jacksonFirst) {
      results.put(Operation.READ_JACKSON_CACHED, read(() -> new JacksonEventReader(true)));
      results.put(Operation.READ_JACKSON, read(JacksonEventReader::new));
      results.put(Operation.READ_CURSOR, read(EventReader::new));
    } else {
      results.put(Operation.READ_CURSOR, read(EventReader::new));
      results.put(Operation.READ_JACKSON, read(JacksonEventReader::new));
      results.put(Operation.READ_JACKSON_CACHED, read(() -> new JacksonEventReader(true)));
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
    CharBuffer decoded = CharBuffer.allocate(4096);
    results.put(Operation.UTF8_DECODER, check(value -> {
      decoder.reset();
      decoded.clear();
      return decoder.decode(ByteBuffer.wrap(value), decoded, true).isError() ? 1 : 0;
    }));
    results.put(Operation.UTF8_CHECK, check(Utf8::firstMalformed));
    results.put(Operation.WRITE_DATABIND, write(EventJson::toBytes));
    results.put(Operation.WRITE_STREAMING, write(StreamingEventWriter::toBytes));
    Map<Operation, Result> ordered = new LinkedHashMap<>();
    for (Operation op : Operation.values()) {
      ordered.put(op, results.get(op));
    }
    return ordered;
  }

  private Result check(ToIntFunction<byte[]> check) {
    long cpu = THREADS.getCurrentThreadCpuTime();
    long allocated = THREADS.getCurrentThreadAllocatedBytes();
    for (long n = 0; n < reads; n++) {
      sink += check.applyAsInt(values[(int) (n % values.length)]);
    }
    return measured(cpu, allocated);
  }

  private Result read(Supplier<ValueReader> readers) {
    ValueReader reader = readers.get();
    long now = Instant.now().getEpochSecond();
    long cpu = THREADS.getCurrentThreadCpuTime();
    long allocated = THREADS.getCurrentThreadAllocatedBytes();
    long valid = 0;
    for (long n = 0; n < reads; n++) {
      EventReader.Result result = reader.read(values[(int) (n % values.length)], now);
      if (result instanceof EventReader.Valid v) {
        valid++;
        sink += v.idLow();
      }
    }
    Result r = measured(cpu, allocated);
    if (valid != reads) {
      throw new IllegalStateException(reader.getClass().getSimpleName() + " refused " + (reads - valid) + " valid events");
    }
    return r;
  }

  private Result write(Function<IngestionEvent, byte[]> writer) {
    long cpu = THREADS.getCurrentThreadCpuTime();
    long allocated = THREADS.getCurrentThreadAllocatedBytes();
    for (long n = 0; n < reads; n++) {
      sink += writer.apply(events[(int) (n % events.length)]).length;
    }
    return measured(cpu, allocated);
  }

  private Result measured(long cpuBefore, long allocatedBefore) {
    long cpu = THREADS.getCurrentThreadCpuTime() - cpuBefore;
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
    return new Result((double) cpu / reads, (double) allocated / reads);
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
