package io.ingestlens.runtime.cli;

import java.util.Optional;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * One line for a command-line or environment error, naming what the user actually set: a bad value
 * given as a flag reads {@code --workers=abc: not an integer}, the same value from the environment
 * {@code INGEST_WORKERS=abc: not an integer}. Other errors (an unknown option, a missing value)
 * keep picocli's own sentence, on one line.
 */
public final class ParameterErrors {

  /** Longer values are cut: the line must stay readable whatever was passed. */
  static final int MAX_VALUE_LENGTH = 80;

  private ParameterErrors() {}

  public static String oneLine(ParameterException e, EnvironmentDefaults defaults) {
    ArgSpec arg = e.getArgSpec();
    Optional<String> reason = reason(e);
    if (arg instanceof OptionSpec option && reason.isPresent()) {
      Optional<String> variable = defaults.variableOf(option);
      String value = e.getValue() == null ? "" : e.getValue();
      String name = variable.orElse(option.longestName());
      return flatten(name + "=" + shorten(value) + ": " + reason.get());
    }
    return flatten(e.getMessage() == null ? e.toString() : e.getMessage());
  }

  /** What is wrong with the value, when the exception says so apart from where it came from. */
  private static Optional<String> reason(ParameterException e) {
    if (e.getCause() instanceof TypeConversionException conversion && conversion.getMessage() != null) {
      return Optional.of(conversion.getMessage());
    }
    return Optional.empty();
  }

  private static String shorten(String value) {
    return value.length() <= MAX_VALUE_LENGTH ? value : value.substring(0, MAX_VALUE_LENGTH) + "...";
  }

  /** Control characters (a newline in a value) would break the line; they become spaces. */
  static String flatten(String text) {
    StringBuilder line = new StringBuilder(text.length());
    text.strip().codePoints().forEach(c -> line.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
    return line.toString();
  }
}
