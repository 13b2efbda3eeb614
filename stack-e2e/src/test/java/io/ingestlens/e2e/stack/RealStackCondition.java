package io.ingestlens.e2e.stack;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the annotated test class only when every {@code STACK_*} variable is set. Otherwise it is
 * skipped with one line naming the missing variables, printed on the build's console too; with
 * {@code CI} set it fails with that line instead, since CI starts the backends.
 */
public final class RealStackCondition implements ExecutionCondition {

  private final Map<String, String> env;
  private final PrintStream console;

  public RealStackCondition() {
    this(System.getenv(), System.out);
  }

  RealStackCondition(Map<String, String> env, PrintStream console) {
    this.env = env;
    this.console = console;
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    List<String> missing = StackEndpoints.missing(env);
    if (missing.isEmpty()) {
      return ConditionEvaluationResult.enabled("the STACK_* variables are set");
    }
    String line = StackEndpoints.notSetLine(missing);
    String ci = env.get("CI");
    if (ci != null && !ci.isBlank()) {
      throw new IllegalStateException(line + ": required when CI is set");
    }
    if (context.getTestMethod().isEmpty()) { // once per class, not once per test
      console.println("[SKIPPED] " + line);
    }
    return ConditionEvaluationResult.disabled(line);
  }
}
