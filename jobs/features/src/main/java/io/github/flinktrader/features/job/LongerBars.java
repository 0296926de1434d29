package io.github.flinktrader.features.job;

import io.github.flinktrader.market.Ohlcv;
import java.util.Arrays;

/**
 * One symbol's 5-, 15- and 60-minute bars being built (the timeframes of {@link
 * RollingFeatures#TIMEFRAMES}, by index): per timeframe the start of the open window and its
 * aggregate, and the end of the last window emitted, so a bar that comes after its window was
 * emitted is recognised as late. One state value per symbol, read once per accepted bar.
 *
 * @param openStart start of the open window, {@link #NONE} when none is open
 * @param open the open window's aggregate, null when none is open
 * @param emittedUntil end of the last window emitted, {@link #NONE} before the first
 */
public record LongerBars(long[] openStart, Ohlcv[] open, long[] emittedUntil) {

  static final long NONE = Long.MIN_VALUE;

  static LongerBars empty(int timeframes) {
    long[] starts = new long[timeframes];
    long[] emitted = new long[timeframes];
    Arrays.fill(starts, NONE);
    Arrays.fill(emitted, NONE);
    return new LongerBars(starts, new Ohlcv[timeframes], emitted);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LongerBars b
        && Arrays.equals(openStart, b.openStart)
        && Arrays.equals(open, b.open)
        && Arrays.equals(emittedUntil, b.emittedUntil);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(openStart) * 31 + Arrays.hashCode(emittedUntil);
  }

  @Override
  public String toString() {
    return "LongerBars[openStart="
        + Arrays.toString(openStart)
        + ", emittedUntil="
        + Arrays.toString(emittedUntil)
        + "]";
  }
}
