package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * External checkers (promtool, amtool...) found on PATH. Without the tool a test is skipped, unless
 * the environment variable CI is set: CI must run every check, so there the test fails instead.
 */
public final class RepoTool {

  /** Exit code and combined stdout/stderr of one run. */
  public record Result(int exitCode, String output) {}

  private RepoTool() {}

  /** Debian's prometheus package: promtool 2.42 (check config, check rules, test rules). */
  public static Path promtool() {
    return require("promtool", "apt-get install prometheus");
  }

  /** Debian's prometheus-alertmanager package: amtool (check-config). */
  public static Path amtool() {
    return require("amtool", "apt-get install prometheus-alertmanager");
  }

  /** The tool's path; skips the test when absent, or fails it when CI is set. */
  public static Path require(String name, String installHint) {
    Optional<Path> tool = find(name);
    if (tool.isPresent()) {
      return tool.get();
    }
    String message = name + " is not on PATH (" + installHint + ")";
    String ci = System.getenv("CI");
    if (ci != null && !ci.isBlank()) {
      fail(message + ": it is required when CI is set");
    }
    Assumptions.abort(message + ": check skipped");
    throw new IllegalStateException("unreachable");
  }

  public static Optional<Path> find(String name) {
    String pathVariable = System.getenv("PATH");
    if (pathVariable == null) {
      return Optional.empty();
    }
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      for (String candidate : List.of(name, name + ".exe")) {
        Path file = Path.of(dir, candidate);
        if (Files.isRegularFile(file) && Files.isExecutable(file)) {
          return Optional.of(file);
        }
      }
    }
    return Optional.empty();
  }

  /** Runs the tool in {@code workDir} and waits for it (at most two minutes, a hung tool fails). */
  public static Result run(Path workDir, Path tool, String... args) {
    List<String> command = new ArrayList<>();
    command.add(tool.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not finish");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
