package io.ingestlens.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Heap in use after a full collection, and the process's resident set size. */
final class MemoryProbe {

  private static final Path STATUS = Path.of("/proc/self/status");

  private MemoryProbe() {}

  /**
   * @param heapAfterGcBytes heap used right after {@code System.gc()} (the live set)
   * @param heapCommittedBytes heap the JVM holds from the OS
   * @param rssBytes VmRSS from /proc/self/status, or -1 where there is no /proc
   */
  record Reading(long heapAfterGcBytes, long heapCommittedBytes, long rssBytes) {}

  static Reading read() {
    System.gc();
    System.gc(); // a second pass collects what the first one's finalization released
    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return new Reading(heap.getUsed(), heap.getCommitted(), rss());
  }

  static long rss() {
    try {
      return parseVmRss(Files.readAllLines(STATUS));
    } catch (IOException | UnsupportedOperationException e) {
      return -1;
    }
  }

  /** The VmRSS line of /proc/self/status, in bytes; -1 when absent. */
  static long parseVmRss(List<String> statusLines) {
    for (String line : statusLines) {
      if (line.startsWith("VmRSS:")) {
        String[] parts = line.substring(6).trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024; // the kernel reports kB
      }
    }
    return -1;
  }
}
