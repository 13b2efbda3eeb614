package io.ingestlens.producer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  private final DurationConverter converter = new DurationConverter();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "10m, PT10M",
    "PT10M, PT10M",
    "pt1h, PT1H",
    "600, PT10M",
    "1.5, PT1.5S",
    "30s, PT30S",
    "500ms, PT0.5S",
    "1h30m, PT1H30M",
    "2d, PT48H",
    "' 45s ', PT45S"
  })
  void readsDurations(String text, String expected) {
    assertThat(converter.convert(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ten minutes", "10x", "m10", "-5s", "PT", "10m junk"})
  void refusesWhatIsNotADuration(String text) {
    assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(TypeConversionException.class);
  }
}
