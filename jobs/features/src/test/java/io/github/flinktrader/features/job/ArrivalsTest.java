package io.github.flinktrader.features.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArrivalsTest {

  private static final long M = RollingFeatures.MINUTE;

  @Test
  void consecutiveMinutesExtendARunAndAGapStartsOne() {
    Arrivals a = Arrivals.EMPTY;
    assertThat(a.waiting()).isFalse();
    a = a.accept(10 * M).accept(11 * M).accept(12 * M);
    assertThat(a.runs()).containsExactly(10 * M, 12 * M);
    assertThat(a.oldestWaitingTime()).isEqualTo(10 * M - 1);
    a = a.accept(15 * M).accept(16 * M).accept(16 * M + 30_000); // a gap, then an odd end
    assertThat(a.runs())
        .containsExactly(10 * M, 12 * M, 15 * M, 16 * M, 16 * M + 30_000, 16 * M + 30_000);
    assertThat(a.latestEnd()).isEqualTo(16 * M + 30_000);
    assertThat(Arrivals.EMPTY.runs()).isEmpty(); // accept never changes the value it is called on
  }
}
