package io.ingestlens.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.Test;

class RealStackConditionTest {

  private static Map<String, String> allSet() {
    Map<String, String> env = new HashMap<>();
    StackEndpoints.VARIABLES.forEach(v -> env.put(v, "http://127.0.0.1:1"));
    return env;
  }

  /** A class-level context: the only thing the condition asks is whether it is a test method. */
  private static ExtensionContext classContext() {
    return (ExtensionContext) Proxy.newProxyInstance(
        ExtensionContext.class.getClassLoader(),
        new Class<?>[] {ExtensionContext.class},
        (proxy, method, args) -> {
          if (method.getName().equals("getTestMethod")) {
            return Optional.empty();
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  private RealStackCondition condition(Map<String, String> env) {
    return new RealStackCondition(env, new PrintStream(console, true, StandardCharsets.UTF_8));
  }

  @Test
  void runsWhenEveryVariableIsSet() {
    assertThat(condition(allSet()).evaluateExecutionCondition(classContext()).isDisabled()).isFalse();
    assertThat(StackEndpoints.from(allSet())).isNotNull();
  }

  @Test
  void skipsWithOneLineNamingWhatIsMissing() {
    Map<String, String> env = allSet();
    env.remove("STACK_LOKI_URL");
    env.put("STACK_TEMPO_URL", " ");
    ConditionEvaluationResult result = condition(env).evaluateExecutionCondition(classContext());
    assertThat(result.isDisabled()).isTrue();
    assertThat(result.getReason()).hasValueSatisfying(reason -> assertThat(reason)
        .contains("STACK_LOKI_URL, STACK_TEMPO_URL are not set", "real-stack/start", "docker compose up")
        .doesNotContain("\n"));
    assertThat(StackEndpoints.from(env)).isNull();
    assertThat(console.toString(StandardCharsets.UTF_8)).as("printed once on the console").hasLineCount(1).startsWith("[SKIPPED] real-backend tier");
  }

  @Test
  void failsWithThatLineWhenCiIsSet() {
    Map<String, String> env = new HashMap<>(Map.of("CI", "true"));
    assertThatThrownBy(() -> condition(env).evaluateExecutionCondition(classContext()))
        .hasMessageContaining("STACK_OTLP_METRICS_ENDPOINT")
        .hasMessageContaining("required when CI is set");
  }
}
