package io.ingestlens.e2e.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the real backends listen: the six {@code STACK_*} variables that
 * {@code ../shared/real-stack/start} writes to its {@code endpoints.env}, or that a user sets for
 * the Docker stack (OTLP through Alloy's 4318, queries on 9090, 3100 and 3200).
 */
public record StackEndpoints(
    String otlpMetrics, String otlpLogs, String otlpTraces, String prometheus, String loki, String tempo) {

  public static final List<String> VARIABLES =
      List.of(
          "STACK_OTLP_METRICS_ENDPOINT",
          "STACK_OTLP_LOGS_ENDPOINT",
          "STACK_OTLP_TRACES_ENDPOINT",
          "STACK_PROMETHEUS_URL",
          "STACK_LOKI_URL",
          "STACK_TEMPO_URL");

  /** The endpoints, or null when a variable is missing (see {@link #missing}). */
  public static StackEndpoints from(Map<String, String> env) {
    if (!missing(env).isEmpty()) {
      return null;
    }
    return new StackEndpoints(
        env.get(VARIABLES.get(0)),
        env.get(VARIABLES.get(1)),
        env.get(VARIABLES.get(2)),
        env.get(VARIABLES.get(3)),
        env.get(VARIABLES.get(4)),
        env.get(VARIABLES.get(5)));
  }

  public static List<String> missing(Map<String, String> env) {
    List<String> missing = new ArrayList<>();
    for (String name : VARIABLES) {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        missing.add(name);
      }
    }
    return missing;
  }

  /** The one line that says why the tier does not run and how to make it run. */
  public static String notSetLine(List<String> missing) {
    return "real-backend tier: " + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are")
        + " not set; start the backends (../shared/real-stack/start target/real-stack, or docker compose up -d)"
        + " and export their STACK_* endpoints: README, \"Real-backend tier\"";
  }
}
