package io.ingestlens.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  private final DurationConverter converter = new DurationConverter();

  /** The union of what the producer's and the processor's parsers took before they were merged. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "500ms, PT0.5S",
    "30s, PT30S",
    "2m, PT2M",
    "10m, PT10M",
    "1h, PT1H",
    "1d, PT24H",
    "2d, PT48H",
    "1h30m, PT1H30M",
    "1m30s, PT1M30S",
    "600, PT10M",
    "1.5, PT1.5S",
    "PT30S, PT30S",
    "pt1h, PT1H",
    "30S, PT30S",
    "' 45s ', PT45S"
  })
  void readsDurations(String text, String expected) {
    assertThat(converter.convert(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ten minutes", "10x", "m10", "-5s", "PT", "10m junk", "1h 30m", "5 s"})
  void refusesWhatIsNotADuration(String text) {
    assertThatThrownBy(() -> converter.convert(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageStartingWith("not a duration (e.g. 500ms, 30s");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "0s", "PT0S", "PT-5S"})
  void refusesDurationsThatAreNotMoreThanZero(String text) {
    assertThatThrownBy(() -> converter.convert(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("must be more than zero");
  }
}
