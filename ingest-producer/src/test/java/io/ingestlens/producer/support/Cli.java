package io.ingestlens.producer.support;

import io.ingestlens.producer.ProducerMain;
import io.opentelemetry.api.OpenTelemetry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Runs the producer's command line in this JVM and captures what it prints. */
public final class Cli {

  private Cli() {}

  /**
   * @param code the exit code
   * @param out what went to standard output
   * @param err what went to standard error
   */
  public record Result(int code, String out, String err) {
    public List<String> outLines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    public List<String> errLines() {
      return err.isEmpty() ? List.of() : List.of(err.split("\n"));
    }
  }

  public static Result run(OpenTelemetry openTelemetry, Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream outStream = new PrintStream(out, false, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = ProducerMain.run(args, env, openTelemetry, outStream, errStream);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  public static Result run(String... args) {
    return run(OpenTelemetry.noop(), Map.of(), args);
  }
}
