package io.ingestlens.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Records one case with JFR's "profile" settings (a CPU sample every 10 ms per running thread,
 * allocation samples) and summarises it: where the processor's poll thread and the telemetry
 * threads spend their samples, by top frame (self) and by method on the stack (inclusive), and
 * which frames allocate most on the poll thread. The file stays for {@code jfr print} or JMC.
 */
final class JfrProfile implements AutoCloseable {

  private final Recording recording;
  private final Path file;

  private JfrProfile(Recording recording, Path file) {
    this.recording = recording;
    this.file = file;
  }

  static JfrProfile start(Path file) throws IOException, ParseException {
    Recording recording = new Recording(Configuration.getConfiguration("profile"));
    recording.setToDisk(true);
    recording.setDestination(file);
    recording.start();
    return new JfrProfile(recording, file);
  }

  @Override
  public void close() {
    recording.stop(); // writes the destination file
    recording.close();
  }

  /** One recording summarised three ways: the work threads, the telemetry threads, every thread. */
  record Analysis(Path file, Profile work, Profile telemetry, Profile all) {
    static Analysis of(Path file) throws IOException {
      return new Analysis(file,
          analyse(file, name -> ThreadCpu.classify(name) == ThreadCpu.Group.POLL),
          analyse(file, name -> ThreadCpu.classify(name) == ThreadCpu.Group.TELEMETRY),
          analyse(file, name -> true));
    }
  }

  /** Sample counts: self by top frame, inclusive by method, per thread filter. */
  record Profile(
      long samples,
      long truncated,
      Map<String, Long> self,
      Map<String, Long> inclusive,
      Map<String, Long> allocationBytes) {}

  static Profile analyse(Path file, Predicate<String> threadName) throws IOException {
    long samples = 0;
    long truncated = 0;
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> inclusive = new HashMap<>();
    Map<String, Long> allocations = new HashMap<>();
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      String type = event.getEventType().getName();
      boolean cpu = type.equals("jdk.ExecutionSample");
      boolean allocation = type.equals("jdk.ObjectAllocationSample");
      if (!cpu && !allocation) {
        continue;
      }
      RecordedThread thread = event.getThread(cpu ? "sampledThread" : "eventThread");
      RecordedStackTrace stack = event.getStackTrace();
      if (thread == null || stack == null || stack.getFrames().isEmpty()
          || !threadName.test(String.valueOf(thread.getJavaName()))) {
        continue;
      }
      List<RecordedFrame> frames = stack.getFrames();
      if (allocation) {
        allocations.merge(firstOwnFrame(frames), event.getLong("weight"), Long::sum);
        continue;
      }
      samples++;
      truncated += stack.isTruncated() ? 1 : 0;
      self.merge(method(frames.get(0)), 1L, Long::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame frame : frames) {
        String m = method(frame);
        if (seen.add(m)) {
          inclusive.merge(m, 1L, Long::sum);
        }
      }
    }
    return new Profile(samples, truncated, self, inclusive, allocations);
  }

  /** Top {@code limit} entries as lines: percentage of {@code total}, then the method. */
  static void printTop(PrintStream out, String title, Map<String, Long> counts, long total, int limit,
      Predicate<String> include, String unit) {
    out.println();
    out.println(title);
    counts.entrySet().stream()
        .filter(e -> include.test(e.getKey()))
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(limit)
        .forEach(e -> out.printf("  %5.1f%%  %s%s%n", 100.0 * e.getValue() / total, e.getKey(),
            unit.isEmpty() ? "" : String.format(" (%,d %s)", e.getValue(), unit)));
  }

  Path file() {
    return file;
  }

  static String method(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  /** The allocating frame that is not JDK plumbing, so a site reads as the code that asked for it. */
  private static String firstOwnFrame(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
        return method(frame);
      }
    }
    return method(frames.get(0));
  }
}
