package io.ingestlens.producer.support;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the producer's real main in a JVM of its own, with the service's logback.xml, as a user would. */
public final class ChildJvm {

  private ChildJvm() {}

  /**
   * @param code the exit code
   * @param output standard output and standard error, interleaved as a terminal shows them
   */
  public record Result(int code, String output) {
    public List<String> lines() {
      return output.isBlank() ? List.of() : List.of(output.strip().split("\n"));
    }
  }

  public static Result run(Path dir, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Dlogback.configurationFile=" + serviceLogback(),
        "io.ingestlens.producer.ProducerMain"));
    command.addAll(List.of(args));
    Path output = Files.createTempFile(dir, "child", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("OTEL_") || name.startsWith("KAFKA_"));
    builder.environment().putAll(env);
    Process child = builder.start();
    if (!child.waitFor(120, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      throw new AssertionError("the producer did not exit: " + String.join(" ", args));
    }
    return new Result(child.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }

  private static Path serviceLogback() throws URISyntaxException, IOException {
    Path classes = Path.of(io.ingestlens.producer.ProducerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path logback = classes.resolve("logback.xml");
    if (!Files.isRegularFile(logback)) {
      throw new IOException("no service logback.xml at " + logback);
    }
    return logback;
  }
}
