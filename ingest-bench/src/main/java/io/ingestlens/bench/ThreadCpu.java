package io.ingestlens.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of every live thread and of the whole process, so a case's CPU can be split into who
 * spent it: the consuming thread, the telemetry SDK's threads, the Kafka clients' threads, the
 * in-process broker (and everything else), the garbage collector and JIT compiler threads (read
 * from /proc), and what is left of the process total.
 */
final class ThreadCpu {

  enum Group {
    /** The processor's poll thread, the poll-only consumer's, or the thread running the replay. */
    POLL("work thread"),
    /** Batch span and log processors, the metric reader, the OTLP exporters' HTTP client. */
    TELEMETRY("telemetry SDK threads"),
    /** Heartbeat, dead-letter and producer network threads. */
    KAFKA_CLIENTS("Kafka client threads"),
    /** The OTLP receiver standing in for the collector. */
    RECEIVER("OTLP receiver"),
    /** The benchmark's own threads (event generation, pacing, replay caller). */
    BENCH("benchmark threads"),
    /** Broker request handlers, network, log and controller threads, and anything unnamed. */
    BROKER("broker and other threads"),
    /** The garbage collector's own threads (G1: GC Thread#n, G1 Conc, G1 Refine...). */
    GC("GC threads"),
    /** The JIT compiler threads. */
    JIT("JIT compiler"),
    /** Process CPU seen on no thread above: VM thread, safepoints, threads that ended meanwhile. */
    JVM("JVM other");

    final String label;

    Group(String label) {
      this.label = label;
    }
  }

  /** The client id of the benchmark's own producers (lower case, as names are compared). */
  static final String BENCH_CLIENT_ID = "bench-publisher";

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  static {
    if (THREADS.isThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
      THREADS.setThreadCpuTimeEnabled(true);
    }
  }

  /** Linux's USER_HZ: /proc reports thread CPU in these ticks. */
  private static final long NANOS_PER_TICK = 10_000_000L;
  private static final Path TASKS = Path.of("/proc/self/task");

  private final Map<Long, Long> byThread;
  private final Map<Long, Group> groups;
  private static final Path MACHINE = Path.of("/proc/stat");

  private final Map<Group, Long> nativeThreads;
  private final long processNanos;
  private final long machineBusyNanos;
  private final long wallNanos;

  private ThreadCpu(
      Map<Long, Long> byThread,
      Map<Long, Group> groups,
      Map<Group, Long> nativeThreads,
      long processNanos,
      long machineBusyNanos,
      long wallNanos) {
    this.byThread = byThread;
    this.groups = groups;
    this.nativeThreads = nativeThreads;
    this.processNanos = processNanos;
    this.machineBusyNanos = machineBusyNanos;
    this.wallNanos = wallNanos;
  }

  static ThreadCpu snapshot() {
    Map<Long, Long> byThread = new HashMap<>();
    Map<Long, Group> groups = new HashMap<>();
    long[] ids = THREADS.getAllThreadIds();
    ThreadInfo[] infos = THREADS.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      long cpu = THREADS.getThreadCpuTime(ids[i]);
      if (cpu >= 0 && infos[i] != null) {
        byThread.put(ids[i], cpu);
        groups.put(ids[i], classify(infos[i].getThreadName()));
      }
    }
    return new ThreadCpu(
        byThread, groups, nativeThreadCpu(), processCpuNanos(), machineBusyNanos(), System.nanoTime());
  }

  /**
   * Cores' worth of CPU that other processes on the machine used meanwhile (a build running beside
   * the benchmark, say): figures taken while it is well above zero are not comparable. NaN
   * without /proc/stat.
   */
  double otherLoadSince(ThreadCpu before) {
    if (machineBusyNanos < 0 || before.machineBusyNanos < 0) {
      return Double.NaN;
    }
    long others = (machineBusyNanos - before.machineBusyNanos) - (processNanos - before.processNanos);
    return Math.max(0, others) / (double) (wallNanos - before.wallNanos);
  }

  /** Busy time of all CPUs from the first line of /proc/stat, in nanoseconds; -1 without it. */
  static long machineBusyNanos() {
    try {
      return busyTicks(Files.readAllLines(MACHINE).get(0)) * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** user + nice + system + irq + softirq + steal of a /proc/stat {@code cpu} line, in ticks. */
  static long busyTicks(String cpuLine) {
    String[] f = cpuLine.trim().split("\\s+");
    return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3])
        + Long.parseLong(f[6]) + Long.parseLong(f[7]) + Long.parseLong(f[8]);
  }

  /**
   * CPU of the JVM's GC and JIT threads, which are not Java threads: from /proc/self/task/N/stat
   * (utime + stime, 10 ms ticks), grouped by the names HotSpot gives them. Empty without /proc.
   */
  static Map<Group, Long> nativeThreadCpu() {
    Map<Group, Long> spent = new EnumMap<>(Group.class);
    try (Stream<Path> tasks = Files.list(TASKS)) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          Group group = nativeGroup(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
          if (group != null) {
            spent.merge(group, ticks(stat) * NANOS_PER_TICK, Long::sum);
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended while listing: its time is lost either way
        }
      }
    } catch (IOException | UnsupportedOperationException e) {
      return Map.of();
    }
    return spent;
  }

  /** GC or JIT for HotSpot's native thread names (as /proc shows them, cut to 15 characters). */
  static Group nativeGroup(String comm) {
    if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
      return Group.GC;
    }
    if (comm.contains("CompilerThre")) {
      return Group.JIT;
    }
    return null;
  }

  /** utime + stime of one /proc/PID/task/TID/stat line, in ticks. */
  static long ticks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 of the line
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Which group a thread belongs to, by the names the libraries give their threads. */
  static Group classify(String threadName) {
    String name = threadName.toLowerCase(Locale.ROOT);
    if (name.equals("ingest-processor-poll") || name.startsWith("ingest-processor-worker-")
        || name.equals("bench-ceiling-poll") || name.equals(ReplayRun.THREAD_NAME)) {
      return Group.POLL;
    }
    if (name.startsWith("batchspanprocessor") || name.startsWith("batchlogrecordprocessor")
        || name.startsWith("periodicmetricreader") || name.contains("okhttp")
        || name.startsWith("httpclient-") || name.startsWith("jdkhttp") || name.startsWith("otel")) {
      return Group.TELEMETRY;
    }
    if (name.endsWith("| " + BENCH_CLIENT_ID)) {
      return Group.BENCH; // the benchmark's own publisher, not a service's client
    }
    if (name.startsWith("kafka-coordinator-heartbeat") || name.startsWith("kafka-producer-network-thread")
        || name.startsWith("kafka-admin-client-thread") || name.startsWith("consumer_background")) {
      return Group.KAFKA_CLIENTS;
    }
    if (name.startsWith("otlp-receiver")) {
      return Group.RECEIVER;
    }
    if (name.startsWith("bench-") || name.equals("main")) {
      return Group.BENCH;
    }
    return Group.BROKER;
  }

  /**
   * CPU spent between {@code before} and this snapshot, by group. A thread that ended in between is
   * lost (cases take their closing snapshot before stopping anything).
   */
  Map<Group, Long> since(ThreadCpu before) {
    Map<Group, Long> spent = new EnumMap<>(Group.class);
    for (Group g : Group.values()) {
      spent.put(g, 0L);
    }
    long threads = 0;
    for (Map.Entry<Long, Long> e : byThread.entrySet()) {
      long delta = e.getValue() - before.byThread.getOrDefault(e.getKey(), 0L);
      if (delta > 0) {
        spent.merge(groups.get(e.getKey()), delta, Long::sum);
        threads += delta;
      }
    }
    for (Group g : List.of(Group.GC, Group.JIT)) {
      long delta = Math.max(0, nativeThreads.getOrDefault(g, 0L) - before.nativeThreads.getOrDefault(g, 0L));
      spent.put(g, delta);
      threads += delta;
    }
    spent.put(Group.JVM, Math.max(0, processNanos - before.processNanos - threads));
    return spent;
  }

  long processNanos() {
    return processNanos;
  }
}
