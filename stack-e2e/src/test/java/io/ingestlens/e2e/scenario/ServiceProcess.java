package io.ingestlens.e2e.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service run as its users run it: {@code java -jar the-service.jar ARGS} in a child JVM,
 * configured only through its environment and flags, its console going to a file under
 * {@code target/} that failure messages point to.
 */
public final class ServiceProcess implements AutoCloseable {

  /** Variables of the test JVM's own environment that must not leak into a service's settings. */
  private static final List<String> FOREIGN_PREFIXES = List.of("OTEL_", "KAFKA_", "INGEST_", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

  private final String name;
  private final Process process;
  private final Path log;

  private ServiceProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * @param jar the service's shaded jar
   * @param env the service's settings (added to a clean copy of this JVM's environment)
   * @param log where its stdout and stderr go
   */
  public static ServiceProcess start(String name, Path jar, List<String> args, Map<String, String> env, Path log) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build it first (./mvnw verify builds both service jars before this tier)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> FOREIGN_PREFIXES.stream().anyMatch(k::startsWith));
    builder.environment().putAll(env);
    try {
      Files.createDirectories(log.getParent());
      Process process = builder.start();
      process.getOutputStream().close();
      return new ServiceProcess(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
    }
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for a run-to-completion service; its exit code. Fails after {@code timeout}. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not finish within " + timeout + "; its output: " + log);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    }
  }

  /** SIGTERM, then up to {@code grace} for a clean stop, then SIGKILL. The exit code. */
  public int stop(Duration grace) {
    if (!process.isAlive()) {
      return process.exitValue();
    }
    process.destroy(); // SIGTERM: the services flush their telemetry and commit
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    return process.isAlive() ? -1 : process.exitValue();
  }

  /** The last lines of its output, for failure messages. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }

  @Override
  public String toString() {
    return name + " (output: " + log + ")";
  }
}
