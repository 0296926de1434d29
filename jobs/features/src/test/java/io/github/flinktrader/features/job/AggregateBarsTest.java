package io.github.flinktrader.features.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.features.SentimentSnapshot;
import io.github.flinktrader.market.Ohlcv;
import io.github.flinktrader.records.AggregateBar;
import io.github.flinktrader.records.MinuteBar;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The window aggregate and the sentiment ring on their own, order-independence included. */
class AggregateBarsTest {

  private static final long T0 = 1_385_337_600_000L;

  private static MinuteBar bar(
      long minute, String o, String h, String l, String c, String v, String vwap) {
    long start = T0 + minute * 60_000;
    return new MinuteBar(
        "BTCUSD",
        start,
        start + 60_000,
        new BigDecimal(o),
        new BigDecimal(h),
        new BigDecimal(l),
        new BigDecimal(c),
        new BigDecimal(v),
        new BigDecimal(vwap),
        3);
  }

  @Test
  void foldIsIndependentOfArrivalOrderAndMergeAgreesWithFold() {
    MinuteBar a = bar(0, "100", "103", "99", "102", "2", "101");
    MinuteBar b = bar(1, "102", "104", "101", "103", "1", "103");
    MinuteBar c = bar(3, "103", "103", "95", "96", "3", "97");
    Ohlcv inOrder = AggregateBars.add(AggregateBars.add(AggregateBars.add(Ohlcv.EMPTY, a), b), c);
    Ohlcv shuffled = AggregateBars.add(AggregateBars.add(AggregateBars.add(Ohlcv.EMPTY, b), c), a);
    Ohlcv merged =
        AggregateBars.add(AggregateBars.add(Ohlcv.EMPTY, a), b)
            .merge(AggregateBars.add(Ohlcv.EMPTY, c));
    assertThat(shuffled).isEqualTo(inOrder);
    assertThat(merged).isEqualTo(inOrder);
    assertThat(inOrder.open()).isEqualByComparingTo("100");
    assertThat(inOrder.close()).isEqualByComparingTo("96");
    assertThat(inOrder.high()).isEqualByComparingTo("104");
    assertThat(inOrder.low()).isEqualByComparingTo("95");
    assertThat(inOrder.volume()).isEqualByComparingTo("6");
    // VWAP from the minutes' VWAPs weighted by volume: (202 + 103 + 291) / 6
    assertThat(inOrder.notional()).isEqualByComparingTo("596");
    assertThat(inOrder.parts()).isEqualTo(3);
    assertThat(inOrder.trades()).isEqualTo(9);
    assertThat(Ohlcv.EMPTY.merge(inOrder)).isEqualTo(inOrder);
    AggregateBar five = AggregateBars.emit("BTCUSD", 5, T0, inOrder);
    assertThat(five.end()).isEqualTo(T0 + 300_000);
    assertThat(five.minutesWithTrades()).isEqualTo(3);
    assertThat(five.hasGaps()).isTrue();
  }

  @Test
  void sentimentRingOverwritesMinutesOlderThanAnHour() {
    SentimentWindow w = SentimentWindow.empty();
    w.add(T0, 1, 0, 0, 0.8);
    w.add(T0, 0, 1, 0, -0.4); // a second window for the same minute adds up
    w.add(T0 + 30 * 60_000, 0, 0, 1, 0.0);
    SentimentSnapshot s = w.snapshot(T0 + 45 * 60_000, 60 * 60_000, 15 * 60_000);
    assertThat(s.bullish60()).isEqualTo(1);
    assertThat(s.bearish60()).isEqualTo(1);
    assertThat(s.neutral60()).isEqualTo(1);
    assertThat(s.meanScore60()).isEqualTo((0.8 - 0.4) / 3);
    assertThat(s.meanScore15()).isEqualTo(0.0); // only the neutral post is within 15 minutes
    // Minute 60 lands in minute 0's slot and replaces it.
    w.add(T0 + 60 * 60_000, 1, 0, 0, 1.0);
    SentimentSnapshot later = w.snapshot(T0 + 61 * 60_000, 60 * 60_000, 15 * 60_000);
    assertThat(later.bullish60()).isEqualTo(1);
    assertThat(later.bearish60()).isZero();
    assertThat(later.neutral60()).isEqualTo(1);
    assertThat(w.newestMinute()).isEqualTo(T0 + 60 * 60_000);
    assertThat(SentimentWindow.empty().snapshot(T0, 60 * 60_000, 15 * 60_000))
        .isEqualTo(SentimentSnapshot.NONE);
  }
}
