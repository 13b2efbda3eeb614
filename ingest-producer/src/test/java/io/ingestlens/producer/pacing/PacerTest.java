package io.ingestlens.producer.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {

  private static final Instant T0 = Instant.parse("2025-09-15T10:00:00Z");

  /** A clock that only moves when the pacer sleeps. */
  private long now = 1_000;
  private final List<Long> sleeps = new ArrayList<>();
  private final Sleeper sleeper = nanos -> {
    sleeps.add(nanos);
    now += nanos;
  };

  @Test
  void waitsTheOriginalSpacingDividedByTheSpeed() throws Exception {
    Pacer pacer = new Pacer(60, () -> now, sleeper);

    pacer.awaitTurn(T0);
    pacer.awaitTurn(T0.plusSeconds(60));
    pacer.awaitTurn(T0.plusSeconds(180));

    assertThat(sleeps).containsExactly(1_000_000_000L, 2_000_000_000L);
  }

  @Test
  void countsTheTimeSpentPublishingAgainstTheWait() throws Exception {
    Pacer pacer = new Pacer(1, () -> now, sleeper);

    pacer.awaitTurn(T0);
    now += 300_000_000L; // publishing took 0.3 s
    pacer.awaitTurn(T0.plusSeconds(1));

    assertThat(sleeps).containsExactly(700_000_000L);
  }

  @Test
  void releasesEarlierOrEqualTimesAtOnce() throws Exception {
    Pacer pacer = new Pacer(1, () -> now, sleeper);

    pacer.awaitTurn(T0);
    pacer.awaitTurn(T0.minusSeconds(30));
    pacer.awaitTurn(T0);

    assertThat(sleeps).isEmpty();
  }

  @Test
  void neverWaitsAtSpeedZero() throws Exception {
    Pacer pacer = new Pacer(0, () -> now, sleeper);

    pacer.awaitTurn(T0);
    pacer.awaitTurn(T0.plusSeconds(3600));

    assertThat(sleeps).isEmpty();
  }

  @Test
  void refusesANegativeSpeed() {
    assertThatThrownBy(() -> new Pacer(-1, () -> now, sleeper)).isInstanceOf(IllegalArgumentException.class);
  }
}
