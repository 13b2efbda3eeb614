package io.ingestlens.runtime.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;

/**
 * What every command of the project shares: defaults from the given environment
 * ({@code ${env:NAME:-fallback}}), one duration format, number messages that say what is wrong,
 * enum values in any case, and bad usage as one line with exit code 2 (never a usage page).
 */
public final class CommandLineConventions {

  /** Bad flags or settings, as picocli's own {@code ExitCode.USAGE}. */
  public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

  private CommandLineConventions() {}

  /**
   * Applies the conventions to {@code commandLine} and the subcommands it has now (add them first).
   *
   * @param errorPrefix put before each one-line error, e.g. {@code "error: "}
   */
  public static CommandLine apply(
      CommandLine commandLine, EnvironmentDefaults defaults, PrintStream out, PrintStream err, String errorPrefix) {
    commandLine.setDefaultValueProvider(defaults);
    commandLine.registerConverter(Integer.class, new Numbers.Int());
    commandLine.registerConverter(Integer.TYPE, new Numbers.Int());
    commandLine.registerConverter(Long.class, new Numbers.Long());
    commandLine.registerConverter(Long.TYPE, new Numbers.Long());
    commandLine.registerConverter(Double.class, new Numbers.Decimal());
    commandLine.registerConverter(Double.TYPE, new Numbers.Decimal());
    commandLine.registerConverter(Duration.class, new DurationConverter());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setParameterExceptionHandler(oneLine(defaults, err, errorPrefix));
    return commandLine;
  }

  private static IParameterExceptionHandler oneLine(EnvironmentDefaults defaults, PrintStream err, String prefix) {
    return (e, args) -> {
      err.println(prefix + ParameterErrors.oneLine(e, defaults));
      return EXIT_USAGE;
    };
  }
}
