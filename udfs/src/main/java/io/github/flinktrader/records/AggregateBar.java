package io.github.flinktrader.records;

import java.math.BigDecimal;

/**
 * OHLCV of one symbol over a longer event-time window {@code [start, end)} (5, 15 or 60 minutes),
 * built from the minute bars inside it. Minutes without trades have no minute bar, so {@code
 * minutesWithTrades} below {@code timeframeMinutes} flags a gap; a window without any trade has no
 * bar at all (nothing is carried forward or invented).
 */
public record AggregateBar(
    String symbol,
    int timeframeMinutes,
    long start,
    long end,
    BigDecimal open,
    BigDecimal high,
    BigDecimal low,
    BigDecimal close,
    BigDecimal volume,
    BigDecimal vwap,
    int trades,
    int minutesWithTrades)
    implements Event {

  @Override
  public String key() {
    return symbol;
  }

  @Override
  public long eventTime() {
    return end - 1;
  }

  public boolean hasGaps() {
    return minutesWithTrades < timeframeMinutes;
  }
}
