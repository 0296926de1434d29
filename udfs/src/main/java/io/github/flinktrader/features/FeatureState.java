package io.github.flinktrader.features;

import java.util.Arrays;

/**
 * Everything {@link FeatureCalculator} remembers about one symbol: fixed-size ring buffers and
 * running values, so a bar costs a bounded amount of work and the state never grows.
 *
 * @param closes the last 61 closes (ring, slot = bar index % 61)
 * @param sqReturns the last 60 squared one-bar log returns (ring, slot = return index % 60)
 * @param volumes the last 30 volumes (ring)
 * @param trades the last 30 trade counts (ring)
 * @param sums running sums, see the {@code SUM_*} indexes in {@link FeatureCalculator}
 * @param smooth smoothed values, see the {@code SM_*} indexes in {@link FeatureCalculator}
 * @param count bars seen
 * @param lastBarEnd end of the last bar seen, epoch milliseconds
 */
public record FeatureState(
    double[] closes,
    double[] sqReturns,
    double[] volumes,
    double[] trades,
    double[] sums,
    double[] smooth,
    long count,
    long lastBarEnd) {

  static final int CLOSES = 61;
  static final int RETURNS = 60;
  static final int WINDOW = 30;

  public static FeatureState empty() {
    return new FeatureState(
        new double[CLOSES],
        new double[RETURNS],
        new double[WINDOW],
        new double[WINDOW],
        new double[8],
        new double[6],
        0,
        0);
  }

  FeatureState advanced(long barEnd) {
    return new FeatureState(closes, sqReturns, volumes, trades, sums, smooth, count + 1, barEnd);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureState s
        && Arrays.equals(closes, s.closes)
        && Arrays.equals(sqReturns, s.sqReturns)
        && Arrays.equals(volumes, s.volumes)
        && Arrays.equals(trades, s.trades)
        && Arrays.equals(sums, s.sums)
        && Arrays.equals(smooth, s.smooth)
        && count == s.count
        && lastBarEnd == s.lastBarEnd;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(count) * 31 + Long.hashCode(lastBarEnd);
  }

  @Override
  public String toString() {
    return "FeatureState[count=" + count + ", lastBarEnd=" + lastBarEnd + "]";
  }
}
