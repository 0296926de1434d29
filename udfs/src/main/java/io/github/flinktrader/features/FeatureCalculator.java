package io.github.flinktrader.features;

import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.MinuteBar;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Computes the {@link FeatureSpec} features bar by bar. The one implementation of the features: the
 * streaming job and model training both call it, so a model sees in production exactly what it was
 * trained on.
 */
public final class FeatureCalculator {

  private static final double EMA12 = 2.0 / (12 + 1);
  private static final double EMA26 = 2.0 / (26 + 1);
  private static final int RSI_PERIOD = 14;

  private FeatureCalculator() {}

  /** The result of one update: the new state and the features of the bar. */
  public record Step(FeatureState state, FeatureVector features) {}

  /**
   * Folds one bar into the state. The caller guarantees bars arrive in increasing time order (the
   * streaming job dead-letters bars that do not).
   */
  public static Step update(FeatureState state, MinuteBar bar) {
    double close = bar.close().doubleValue();
    double volume = bar.volume().doubleValue();
    long n = state.count(); // bars seen before this one
    double[] closes = state.closes();
    double[] sq = state.sqReturns();
    double[] vol = state.volumes();
    double[] sums = state.sums();
    double[] sm = state.smooth();
    double[] f = new double[FeatureSpec.NAMES.size()];

    double prevClose = n > 0 ? closes[(int) ((n - 1) % FeatureState.CLOSES)] : Double.NaN;
    double r1 = n > 0 ? Math.log(close / prevClose) : Double.NaN;
    f[FeatureSpec.LOG_RET_1] = r1;
    f[FeatureSpec.LOG_RET_5] = lagReturn(closes, n, close, 5);
    f[FeatureSpec.LOG_RET_15] = lagReturn(closes, n, close, 15);

    // Realized volatility over the last 30 returns: ring of squared returns with a running sum.
    if (n > 0) {
      int slot = (int) ((n - 1) % FeatureState.WINDOW);
      double r2 = r1 * r1;
      sums[0] += r2 - sq[slot];
      sq[slot] = r2;
    }
    f[FeatureSpec.REALIZED_VOL_30] =
        n >= FeatureState.WINDOW ? Math.sqrt(Math.max(sums[0], 0)) : Double.NaN;

    // Wilder RSI: seeded with the simple mean of the first 14 changes, then smoothed.
    if (n > 0) {
      double gain = Math.max(close - prevClose, 0);
      double loss = Math.max(prevClose - close, 0);
      if (n <= RSI_PERIOD) {
        sm[2] += gain / RSI_PERIOD;
        sm[3] += loss / RSI_PERIOD;
      } else {
        sm[2] = (sm[2] * (RSI_PERIOD - 1) + gain) / RSI_PERIOD;
        sm[3] = (sm[3] * (RSI_PERIOD - 1) + loss) / RSI_PERIOD;
      }
    }
    f[FeatureSpec.RSI_14] =
        n >= RSI_PERIOD
            ? (sm[3] == 0 ? (sm[2] == 0 ? 50 : 100) : 100 - 100 / (1 + sm[2] / sm[3]))
            : Double.NaN;

    // MACD line normalised by price; EMAs seeded with the first close.
    if (n == 0) {
      sm[0] = close;
      sm[1] = close;
    } else {
      sm[0] += EMA12 * (close - sm[0]);
      sm[1] += EMA26 * (close - sm[1]);
    }
    f[FeatureSpec.MACD_NORM] = n + 1 >= 26 ? (sm[0] - sm[1]) / close : Double.NaN;

    // Volume z-score over the last 30 bars including this one.
    int vslot = (int) (n % FeatureState.WINDOW);
    double old = vol[vslot];
    sums[1] += volume - old;
    sums[2] += volume * volume - old * old;
    vol[vslot] = volume;
    if (n + 1 >= FeatureState.WINDOW) {
      double mean = sums[1] / FeatureState.WINDOW;
      double var = Math.max(sums[2] / FeatureState.WINDOW - mean * mean, 0);
      double sd = Math.sqrt(var);
      f[FeatureSpec.VOLUME_Z_30] = sd > 1e-12 * Math.max(1, mean) ? (volume - mean) / sd : 0;
    } else {
      f[FeatureSpec.VOLUME_Z_30] = Double.NaN;
    }

    f[FeatureSpec.HL_RANGE] = (bar.high().doubleValue() - bar.low().doubleValue()) / close;
    double vwap = bar.vwap() != null ? bar.vwap().doubleValue() : close;
    f[FeatureSpec.VWAP_DEV] = (close - vwap) / vwap;
    f[FeatureSpec.GAP_MINUTES] =
        n > 0 ? Math.max(0, (bar.start() - state.lastBarEnd()) / 60_000.0) : 0;
    ZonedDateTime t = Instant.ofEpochMilli(bar.start()).atZone(ZoneOffset.UTC);
    f[FeatureSpec.MINUTE_OF_DAY] = t.getHour() * 60 + t.getMinute();
    f[FeatureSpec.DAY_OF_WEEK] = t.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue() + 1;

    closes[(int) (n % FeatureState.CLOSES)] = close;
    FeatureState next = state.advanced(bar.end());
    boolean warm = next.count() >= FeatureSpec.WARMUP_BARS;
    return new Step(
        next,
        new FeatureVector(bar.symbol(), bar.end(), FeatureSpec.VERSION, bar.close(), f, warm));
  }

  private static double lagReturn(double[] closes, long n, double close, int lag) {
    if (n < lag) {
      return Double.NaN;
    }
    return Math.log(close / closes[(int) ((n - lag) % FeatureState.CLOSES)]);
  }
}
