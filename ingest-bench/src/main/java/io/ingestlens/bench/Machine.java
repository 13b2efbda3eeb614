package io.ingestlens.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** What the figures were measured on. */
record Machine(int cores, String cpuModel, String jvm, long heapMaxBytes, String gc, String jvmArgs, String os) {

  static Machine current() {
    Runtime runtime = Runtime.getRuntime();
    return new Machine(
        runtime.availableProcessors(),
        readCpuModel(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        runtime.maxMemory(),
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .collect(Collectors.joining(", ")),
        String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
  }

  private static String readCpuModel() {
    try {
      return modelName(Files.readAllLines(Path.of("/proc/cpuinfo")));
    } catch (IOException | UnsupportedOperationException e) {
      return "unknown";
    }
  }

  /** The first {@code model name} line of /proc/cpuinfo. */
  static String modelName(List<String> cpuinfo) {
    return cpuinfo.stream()
        .filter(l -> l.startsWith("model name"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim())
        .findFirst()
        .orElse("unknown");
  }
}
