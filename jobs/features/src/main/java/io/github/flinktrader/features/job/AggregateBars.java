package io.github.flinktrader.features.job;

import io.github.flinktrader.market.Ohlcv;
import io.github.flinktrader.records.AggregateBar;
import io.github.flinktrader.records.MinuteBar;

/** Folds minute bars into a longer bar, with the accumulator minute bars use. */
public final class AggregateBars {

  private AggregateBars() {}

  /** Each minute bar is one part; its VWAP times its volume is its notional. */
  static Ohlcv add(Ohlcv acc, MinuteBar b) {
    return acc.plus(
        b.start(),
        b.open(),
        b.high(),
        b.low(),
        b.close(),
        b.volume(),
        (b.vwap() == null ? b.close() : b.vwap()).multiply(b.volume()),
        b.trades());
  }

  /** The longer bar of {@code symbol} over {@code [start, start + timeframe)}. */
  static AggregateBar emit(String symbol, int timeframeMinutes, long start, Ohlcv a) {
    return new AggregateBar(
        symbol,
        timeframeMinutes,
        start,
        start + timeframeMinutes * 60_000L,
        a.open(),
        a.high(),
        a.low(),
        a.close(),
        a.volume(),
        a.vwap(),
        a.trades(),
        a.parts());
  }
}
