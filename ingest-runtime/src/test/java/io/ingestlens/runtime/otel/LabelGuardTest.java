package io.ingestlens.runtime.otel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelGuardTest {

  @Test
  void theOverflowAndMissingValuesAreTheDocumentedOnes() {
    // docs/telemetry.md, "Metric attributes": dashboards and alerts match these literally.
    assertThat(LabelGuard.OTHER).isEqualTo("_other");
    assertThat(LabelGuard.OTHER_STATUS).isEqualTo("_OTHER");
    assertThat(LabelGuard.UNKNOWN).isEqualTo("unknown");
  }

  @Test
  void sourcesPastTheCapShareOther() {
    LabelGuard guard = new LabelGuard(3, 100, 16, 32, 32);
    assertThat(guard.source("a")).isEqualTo("a");
    assertThat(guard.source("b")).isEqualTo("b");
    assertThat(guard.source("c")).isEqualTo("c");
    assertThat(guard.source("d")).isEqualTo(LabelGuard.OTHER);
    assertThat(guard.source("a")).as("admitted values stay admitted").isEqualTo("a");
  }

  @Test
  void contractCapsAreSixtyFourSourcesAndThirtyTwoCompaniesAndZones() {
    LabelGuard guard = LabelGuard.withContractCaps();
    for (int i = 0; i < 64; i++) {
      assertThat(guard.source("s" + i)).isEqualTo("s" + i);
    }
    assertThat(guard.source("s64")).isEqualTo(LabelGuard.OTHER);
    for (int i = 0; i < 32; i++) {
      assertThat(guard.company("c" + i)).isEqualTo("c" + i);
      assertThat(guard.zone("z" + i)).isEqualTo("z" + i);
    }
    assertThat(guard.company("c32")).isEqualTo(LabelGuard.OTHER);
    assertThat(guard.zone("z32")).isEqualTo(LabelGuard.OTHER);
  }

  @Test
  void statusesPastSixteenShareUpperCaseOther() {
    LabelGuard guard = LabelGuard.withContractCaps();
    for (int i = 0; i < 16; i++) {
      assertThat(guard.status("S" + i)).isEqualTo("S" + i);
    }
    assertThat(guard.status("S16")).isEqualTo(LabelGuard.OTHER_STATUS);
  }

  @Test
  void objectsAreCappedAsSourceObjectPairsAcrossSources() {
    LabelGuard guard = new LabelGuard(10, 3, 16, 32, 32);
    assertThat(guard.object("a", "x")).isEqualTo("x");
    assertThat(guard.object("a", "y")).isEqualTo("y");
    assertThat(guard.object("b", "x")).as("same object, other source: a new pair").isEqualTo("x");
    assertThat(guard.object("b", "y")).isEqualTo(LabelGuard.OTHER);
    assertThat(guard.object("a", "y")).isEqualTo("y");
  }

  @Test
  void objectsOfAnOverflowSourceAreOther() {
    LabelGuard guard = new LabelGuard(1, 512, 16, 32, 32);
    guard.source("first");
    String overflow = guard.source("second");
    assertThat(guard.object(overflow, "anything")).isEqualTo(LabelGuard.OTHER);
  }

  @Test
  void valuesAreCutTo128CharactersAndStrippedOfControlCharacters() {
    LabelGuard guard = LabelGuard.withContractCaps();
    assertThat(guard.source("x".repeat(500))).isEqualTo("x".repeat(128));
    assertThat(guard.source("Power\nBI\u0000\u001b[31m")).isEqualTo("PowerBI[31m");
    assertThat(LabelGuard.clean("ok")).isSameAs("ok").as("clean values are not copied");
  }

  @Test
  void cleaningNeverSplitsASurrogatePair() {
    String value = "x".repeat(127) + "\uD83D\uDE00"; // 129 chars, the emoji straddles the limit
    assertThat(LabelGuard.clean(value)).isEqualTo("x".repeat(127));
  }

  @Test
  void absentOrEmptyValuesAreUnknown() {
    LabelGuard guard = LabelGuard.withContractCaps();
    assertThat(guard.company(null)).isEqualTo(LabelGuard.UNKNOWN);
    assertThat(guard.zone("")).isEqualTo(LabelGuard.UNKNOWN);
    assertThat(guard.zone("\n\t")).isEqualTo(LabelGuard.UNKNOWN);
  }

  @Test
  void spellingsThatCleanToTheSameValueCountOnce() {
    LabelGuard guard = new LabelGuard(2, 100, 16, 32, 32);
    assertThat(guard.source("a\n")).isEqualTo("a");
    assertThat(guard.source("a\r")).isEqualTo("a");
    assertThat(guard.source("b")).isEqualTo("b");
    assertThat(guard.source("c")).isEqualTo(LabelGuard.OTHER);
  }
}
