package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * tempo/config.yaml keeps every trace of a full-speed replay. Each run is its own trace, and Tempo
 * drops the spans of traces past its live-trace limit without an error to the sender (discarded as
 * live_traces_exceeded); so the limit must exceed the most traces the distributor can let in while
 * they are still live: rate limit times (idle period plus flush check period), plus the burst.
 * Defaults and names: Tempo 2.10 (modules/overrides/config.go, modules/ingester/config.go).
 */
class TempoLimitsTest {

  /** OTLP bytes of one run's three spans (run, publish, process), measured (docs/reliability.md). */
  private static final long BYTES_PER_RUN = 1_250;

  private static final long DEFAULT_RATE_LIMIT_BYTES = 15_000_000;
  private static final long DEFAULT_BURST_SIZE_BYTES = 20_000_000;
  private static final Duration DEFAULT_TRACE_IDLE_PERIOD = Duration.ofSeconds(5);
  private static final Duration DEFAULT_FLUSH_CHECK_PERIOD = Duration.ofSeconds(10);
  private static final long DEFAULT_MAX_TRACES_PER_USER = 10_000;

  private final Map<String, Object> tempo = RepoYaml.load("tempo", "config.yaml");

  @Test
  void liveTraceLimitHoldsEveryTraceTheRateLimitLetsIn() {
    long rate = number("overrides", "defaults", "ingestion", "rate_limit_bytes").orElse(DEFAULT_RATE_LIMIT_BYTES);
    long burst = number("overrides", "defaults", "ingestion", "burst_size_bytes").orElse(DEFAULT_BURST_SIZE_BYTES);
    Duration idle = duration("ingester", "trace_idle_period").orElse(DEFAULT_TRACE_IDLE_PERIOD);
    Duration check = duration("ingester", "flush_check_period").orElse(DEFAULT_FLUSH_CHECK_PERIOD);
    long limit = number("overrides", "defaults", "ingestion", "max_traces_per_user").orElse(DEFAULT_MAX_TRACES_PER_USER);

    double liveSeconds = idle.plus(check).toMillis() / 1000.0;
    long mostLive = Math.round((rate * liveSeconds + burst) / BYTES_PER_RUN);
    assertThat(limit).as("max_traces_per_user (0 would be no limit at all)").isPositive();
    assertThat(limit).as("live traces at most (%d B/s x %.1f s + %d B) / %d B", rate, liveSeconds, burst, BYTES_PER_RUN)
        .isGreaterThanOrEqualTo(mostLive);
    // A whole 50,000-run replay arriving at once fits as well.
    assertThat(limit).isGreaterThanOrEqualTo(50_000);
  }

  private Optional<Long> number(String... path) {
    return RepoYaml.at(tempo, path).map(v -> Long.parseLong(String.valueOf(v)));
  }

  private Optional<Duration> duration(String... path) {
    return RepoYaml.at(tempo, path).map(v -> parse(String.valueOf(v)));
  }

  /** A Go duration of one unit: "500ms", "1s", "5m". */
  private static Duration parse(String text) {
    if (text.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
    }
    long amount = Long.parseLong(text.substring(0, text.length() - 1));
    return switch (text.charAt(text.length() - 1)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      case 'h' -> Duration.ofHours(amount);
      default -> throw new IllegalArgumentException("duration " + text);
    };
  }
}
