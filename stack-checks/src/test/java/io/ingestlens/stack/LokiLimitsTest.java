package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * loki/config.yaml takes a full-speed replay of a 50,000-record history without a 429: every run
 * record lands in one stream, and the whole replay must fit in both the tenant's and the stream's
 * burst (Loki 3.7 limits_config; figures measured in docs/reliability.md).
 */
class LokiLimitsTest {

  /** The replay the stack must take at full speed. */
  private static final long REPLAY_RECORDS = 50_000;

  /** Bytes Loki counts against its limits per run record (line and structured metadata), measured. */
  private static final long LOKI_BYTES_PER_RECORD = 825;

  /** Largest request Alloy sends Loki: its logs exporter's batch of at most 3,000 records. */
  private static final long LARGEST_PUSH_RECORDS = 3_000;

  /** Loki's "MB" in ingestion_rate_mb and in byte sizes such as "64MB" is 2^20 bytes. */
  private static final long MB = 1L << 20;

  private final Map<String, Object> loki = RepoYaml.load("loki", "config.yaml");

  @Test
  void theTenantBurstHoldsAWholeReplay() {
    double burst = mb("ingestion_burst_size_mb");
    double rate = mb("ingestion_rate_mb");
    assertThat(burst * MB).isGreaterThanOrEqualTo(REPLAY_RECORDS * LOKI_BYTES_PER_RECORD);
    assertThat(rate).isGreaterThan(4.0).isLessThanOrEqualTo(burst);
  }

  @Test
  void theStreamBurstHoldsAWholeReplay() {
    long burst = bytes("per_stream_rate_limit_burst");
    long rate = bytes("per_stream_rate_limit");
    assertThat(burst).isGreaterThanOrEqualTo(REPLAY_RECORDS * LOKI_BYTES_PER_RECORD);
    assertThat(rate).isGreaterThan(3 * MB).isLessThanOrEqualTo(burst);
    assertThat(burst).isGreaterThanOrEqualTo(LARGEST_PUSH_RECORDS * LOKI_BYTES_PER_RECORD);
  }

  /** Sharding would add a __stream_shard__ index label, outside the contract's three. */
  @Test
  void streamsAreNotSharded() {
    assertThat(RepoYaml.text(loki, "limits_config", "shard_streams", "enabled")).isEqualTo("false");
  }

  private double mb(String key) {
    return Double.parseDouble(RepoYaml.text(loki, "limits_config", key));
  }

  /** A Loki byte size: a number of bytes, or a number with KB, MB or GB (powers of 1024). */
  private long bytes(String key) {
    String value = RepoYaml.text(loki, "limits_config", key).trim().toUpperCase(Locale.ROOT);
    Matcher m = Pattern.compile("(\\d+)\\s*(KB|MB|GB)?").matcher(value);
    assertThat(m.matches()).as("%s = %s", key, value).isTrue();
    long number = Long.parseLong(m.group(1));
    return m.group(2) == null
        ? number
        : number * switch (m.group(2)) {
          case "KB" -> 1L << 10;
          case "MB" -> 1L << 20;
          default -> 1L << 30;
        };
  }
}
