package io.ingestlens.runtime.cli;

import java.lang.reflect.AnnotatedElement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Option;

/**
 * Default values written {@code ${env:NAME:-fallback}} in an option's annotation, read from a given
 * environment rather than from the process's own (tests and the one-JVM quickstart pass theirs).
 * A blank variable counts as unset, as compose files pass unset variables as empty strings. It
 * remembers which options took their value from a variable, so an error can name the variable
 * instead of the flag.
 *
 * <p>picocli asks for a default only for the options the command line did not give, so a flag
 * always wins over its variable, and a bad variable does not matter when the flag is given.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {

  private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?}");

  /**
   * What an option's annotation says about its default.
   *
   * @param variable the environment variable
   * @param fallback the value when the variable is unset; null when there is none
   */
  public record EnvDefault(String variable, String fallback) {}

  private final Map<String, String> env;
  private final Map<ArgSpec, String> fromEnvironment = new HashMap<>();

  public EnvironmentDefaults(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The {@code ${env:NAME:-fallback}} default of an annotated option, if it has one. */
  public static Optional<EnvDefault> of(ArgSpec arg) {
    if (!(arg.userObject() instanceof AnnotatedElement element)) {
      return Optional.empty();
    }
    Option option = element.getAnnotation(Option.class);
    if (option == null) {
      return Optional.empty();
    }
    Matcher matcher = ENV_DEFAULT.matcher(option.defaultValue());
    return matcher.matches() ? Optional.of(new EnvDefault(matcher.group(1), matcher.group(2))) : Optional.empty();
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    Optional<EnvDefault> declared = of(arg);
    if (declared.isEmpty()) {
      return null; // the annotation's own default, if any
    }
    String value = env.get(declared.get().variable());
    if (value != null && !value.isBlank()) {
      fromEnvironment.put(arg, declared.get().variable());
      return value.trim();
    }
    fromEnvironment.remove(arg);
    // No fallback: the option keeps no value, rather than picocli reading the process environment.
    return declared.get().fallback() != null ? declared.get().fallback() : Option.NULL_VALUE;
  }

  /** The variable {@code arg} took its value from, when it did. */
  public Optional<String> variableOf(ArgSpec arg) {
    return Optional.ofNullable(fromEnvironment.get(arg));
  }

  /** The value of a variable as the commands see it (blank is unset). */
  public Optional<String> get(String variable) {
    String value = env.get(variable);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
