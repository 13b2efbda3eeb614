package io.ingestlens.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "2024-05-01T08:00:00Z", "2024-05-01T08:00:00.5Z", "2024-05-01T08:00:00.123Z",
      "2024-02-29T23:59:59.123456789Z", "1970-01-01T00:00:00Z"})
  void readsWhatInstantParseReads(String text) {
    assertThat(Timestamps.parseUtc(text)).isEqualTo(Instant.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "2024-05-01T08:00:00", "2024-05-01T08:00:00+02:00", "2024-05-01 08:00:00Z",
      "2024-02-30T08:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T08:60:00Z",
      "2024-05-01T08:00:00.Z", "2024-05-01T08:00:00.1234567890Z", "2024-05-01T08:00Z",
      "+12024-05-01T08:00:00Z", "2O24-05-01T08:00:00Z", "2024-05-01T08:00:00z"})
  void refusesAnythingElse(String text) {
    assertThat(Timestamps.parseUtc(text)).isNull();
  }
}
