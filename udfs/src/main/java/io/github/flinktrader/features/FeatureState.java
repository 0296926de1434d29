package io.github.flinktrader.features;

import java.util.Arrays;

/**
 * Everything {@link FeatureCalculator} remembers about one symbol: fixed-size ring buffers and
 * running sums, so a bar costs O(1) and the state never grows.
 *
 * @param closes the last 16 closes (ring, index = count % 16)
 * @param sqReturns the last 30 squared one-bar log returns (ring)
 * @param volumes the last 30 volumes (ring)
 * @param sums running sums: [0] of sqReturns, [1] of volumes, [2] of volumes squared
 * @param smooth smoothed values: [0] EMA12, [1] EMA26, [2] Wilder avg gain, [3] Wilder avg loss
 * @param count bars seen
 * @param lastBarEnd end of the last bar seen, epoch milliseconds
 */
public record FeatureState(
    double[] closes,
    double[] sqReturns,
    double[] volumes,
    double[] sums,
    double[] smooth,
    long count,
    long lastBarEnd) {

  static final int CLOSES = 16;
  static final int WINDOW = 30;

  public static FeatureState empty() {
    return new FeatureState(
        new double[CLOSES],
        new double[WINDOW],
        new double[WINDOW],
        new double[3],
        new double[4],
        0,
        0);
  }

  FeatureState advanced(long barEnd) {
    return new FeatureState(closes, sqReturns, volumes, sums, smooth, count + 1, barEnd);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureState s
        && Arrays.equals(closes, s.closes)
        && Arrays.equals(sqReturns, s.sqReturns)
        && Arrays.equals(volumes, s.volumes)
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
