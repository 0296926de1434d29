package io.github.flinktrader.market;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Open, high, low, close and volume being folded, exactly, in decimal arithmetic: the one
 * accumulator behind minute bars from trades and longer bars from minute bars. Open and close
 * follow event time; equal times keep their arrival order (the first keeps the open, the last sets
 * the close), so the result does not depend on how a window's parts were grouped.
 *
 * @param notional sum of price x quantity, for the VWAP
 * @param trades trades folded in
 * @param parts inputs folded in (trades for a minute bar, minutes with trades for a longer bar)
 */
public record Ohlcv(
    long firstTime,
    long lastTime,
    BigDecimal open,
    BigDecimal high,
    BigDecimal low,
    BigDecimal close,
    BigDecimal volume,
    BigDecimal notional,
    int trades,
    int parts) {

  public static final Ohlcv EMPTY =
      new Ohlcv(
          Long.MAX_VALUE,
          Long.MIN_VALUE,
          null,
          null,
          null,
          null,
          BigDecimal.ZERO,
          BigDecimal.ZERO,
          0,
          0);

  private static final MathContext VWAP_PRECISION = new MathContext(18, RoundingMode.HALF_EVEN);

  /** This aggregate with one more part at {@code time}. */
  public Ohlcv plus(
      long time,
      BigDecimal o,
      BigDecimal h,
      BigDecimal l,
      BigDecimal c,
      BigDecimal v,
      BigDecimal partNotional,
      int partTrades) {
    return merge(new Ohlcv(time, time, o, h, l, c, v, partNotional, partTrades, 1));
  }

  /**
   * The aggregate of this and {@code later}'s parts (ties in time go to {@code later} for the
   * close).
   */
  public Ohlcv merge(Ohlcv later) {
    if (parts == 0) {
      return later;
    }
    if (later.parts == 0) {
      return this;
    }
    boolean otherOpens = later.firstTime < firstTime;
    boolean otherCloses = later.lastTime >= lastTime;
    return new Ohlcv(
        Math.min(firstTime, later.firstTime),
        Math.max(lastTime, later.lastTime),
        otherOpens ? later.open : open,
        high.max(later.high),
        low.min(later.low),
        otherCloses ? later.close : close,
        volume.add(later.volume),
        notional.add(later.notional),
        trades + later.trades,
        parts + later.parts);
  }

  /** Volume-weighted average price to 18 significant digits; the close when nothing traded. */
  public BigDecimal vwap() {
    return volume.signum() == 0
        ? close
        : notional.divide(volume, VWAP_PRECISION).stripTrailingZeros();
  }
}
