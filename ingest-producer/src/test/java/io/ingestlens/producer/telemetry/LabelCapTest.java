package io.ingestlens.producer.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelCapTest {

  @Test
  void keepsTheFirstValuesAndFoldsLaterOnesIntoTheOverflowValue() {
    LabelCap cap = new LabelCap(3, "_other");

    assertThat(cap.apply("PowerBI")).isEqualTo("PowerBI");
    assertThat(cap.apply("Efficy")).isEqualTo("Efficy");
    assertThat(cap.apply("zohobooks")).isEqualTo("zohobooks");
    assertThat(cap.apply("EasyProjects")).isEqualTo("_other");
    assertThat(cap.apply("PowerBI")).isEqualTo("PowerBI");
  }

  @Test
  void cutsValuesTo128Characters() {
    LabelCap cap = new LabelCap(3, "_other");

    assertThat(cap.apply("x".repeat(300))).hasSize(128);
  }
}
