package io.github.flinktrader.features;

import static io.github.flinktrader.features.FeatureSpec.*;

import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.MinuteBar;

/**
 * Computes the {@link FeatureSpec} features bar by bar: the one implementation of the features. The
 * streaming job and model training both call it, so a model sees in production exactly what it was
 * trained on. A feature that is not yet defined (too few bars) is NaN; a vector is {@code warm}
 * once none is.
 */
public final class FeatureCalculator {

  // Running sums in FeatureState.sums.
  static final int SUM_R2_15 = 0;
  static final int SUM_R2_30 = 1;
  static final int SUM_R2_60 = 2;
  static final int SUM_V_5 = 3;
  static final int SUM_V_30 = 4;
  static final int SUM_V2_30 = 5;
  static final int SUM_T_30 = 6;
  static final int SUM_T2_30 = 7;
  // Smoothed values in FeatureState.smooth.
  static final int SM_EMA12 = 0;
  static final int SM_EMA26 = 1;
  static final int SM_SIGNAL9 = 2;
  static final int SM_GAIN = 3;
  static final int SM_LOSS = 4;
  static final int SM_ATR = 5;

  private static final double A12 = 2.0 / (12 + 1);
  private static final double A26 = 2.0 / (26 + 1);
  private static final double A9 = 2.0 / (9 + 1);
  private static final int RSI_PERIOD = 14;
  private static final int ATR_PERIOD = 14;
  private static final int BOLLINGER = 20;
  private static final int[] RV_WINDOWS = {15, 30, 60};
  private static final int[] RV_SUMS = {SUM_R2_15, SUM_R2_30, SUM_R2_60};

  private FeatureCalculator() {}

  /** The result of one update: the new state and the features of the bar. */
  public record Step(FeatureState state, FeatureVector features) {}

  public static Step update(FeatureState state, MinuteBar bar) {
    return update(state, bar, SentimentSnapshot.NONE, ExchangeCalendar.forSymbol(bar.symbol()));
  }

  /**
   * Folds one bar into the state. The caller guarantees bars arrive in increasing time order (the
   * streaming job dead-letters bars that do not). The arrays of {@code state} are updated in place.
   */
  public static Step update(
      FeatureState state, MinuteBar bar, SentimentSnapshot sentiment, ExchangeCalendar calendar) {
    double c = bar.close().doubleValue();
    double h = bar.high().doubleValue();
    double l = bar.low().doubleValue();
    double v = bar.volume().doubleValue();
    double tradeCount = bar.trades();
    long n = state.count(); // bars seen before this one
    double[] closes = state.closes();
    double[] sq = state.sqReturns();
    double[] sums = state.sums();
    double[] sm = state.smooth();
    double[] f = new double[NAMES.size()];

    double prev = n > 0 ? closes[slot(n - 1, FeatureState.CLOSES)] : Double.NaN;
    double r1 = n > 0 ? Math.log(c / prev) : Double.NaN;
    f[LOG_RET_1] = r1;
    f[LOG_RET_5] = lagReturn(closes, n, c, 5);
    f[LOG_RET_15] = lagReturn(closes, n, c, 15);
    f[LOG_RET_30] = lagReturn(closes, n, c, 30);
    f[LOG_RET_60] = lagReturn(closes, n, c, 60);

    // Realised volatility: one ring of squared returns, a running sum per window.
    if (n > 0) {
      long j = n - 1; // index of this return
      double r2 = r1 * r1;
      for (int w = 0; w < RV_WINDOWS.length; w++) {
        double leaving = j >= RV_WINDOWS[w] ? sq[slot(j - RV_WINDOWS[w], FeatureState.RETURNS)] : 0;
        sums[RV_SUMS[w]] += r2 - leaving;
      }
      sq[slot(j, FeatureState.RETURNS)] = r2;
      if (j % 600 == 599) {
        resumReturns(sq, sums, j);
      }
    }
    f[REALIZED_VOL_15] = n >= 15 ? Math.sqrt(Math.max(sums[SUM_R2_15], 0)) : Double.NaN;
    f[REALIZED_VOL_30] = n >= 30 ? Math.sqrt(Math.max(sums[SUM_R2_30], 0)) : Double.NaN;
    f[REALIZED_VOL_60] = n >= 60 ? Math.sqrt(Math.max(sums[SUM_R2_60], 0)) : Double.NaN;
    f[VOL_RATIO_15_60] =
        n >= 60
            ? (f[REALIZED_VOL_60] > 0 ? f[REALIZED_VOL_15] / f[REALIZED_VOL_60] : 1)
            : Double.NaN;

    // Wilder's RSI, seeded with the simple mean of the first 14 changes.
    if (n > 0) {
      double gain = Math.max(c - prev, 0);
      double loss = Math.max(prev - c, 0);
      if (n <= RSI_PERIOD) {
        sm[SM_GAIN] += gain / RSI_PERIOD;
        sm[SM_LOSS] += loss / RSI_PERIOD;
      } else {
        sm[SM_GAIN] = (sm[SM_GAIN] * (RSI_PERIOD - 1) + gain) / RSI_PERIOD;
        sm[SM_LOSS] = (sm[SM_LOSS] * (RSI_PERIOD - 1) + loss) / RSI_PERIOD;
      }
    }
    f[RSI_14] =
        n >= RSI_PERIOD
            ? (sm[SM_LOSS] == 0
                ? (sm[SM_GAIN] == 0 ? 50 : 100)
                : 100 - 100 / (1 + sm[SM_GAIN] / sm[SM_LOSS]))
            : Double.NaN;

    // MACD(12, 26, 9): EMAs seeded with the first close, the signal with the first line value;
    // reported once each has seen its full period.
    if (n == 0) {
      sm[SM_EMA12] = c;
      sm[SM_EMA26] = c;
      sm[SM_SIGNAL9] = 0;
    } else {
      sm[SM_EMA12] += A12 * (c - sm[SM_EMA12]);
      sm[SM_EMA26] += A26 * (c - sm[SM_EMA26]);
      sm[SM_SIGNAL9] += A9 * ((sm[SM_EMA12] - sm[SM_EMA26]) - sm[SM_SIGNAL9]);
    }
    double line = sm[SM_EMA12] - sm[SM_EMA26];
    f[MACD_LINE] = n + 1 >= 26 ? line / c : Double.NaN;
    f[MACD_SIGNAL] = n + 1 >= 34 ? sm[SM_SIGNAL9] / c : Double.NaN;
    f[MACD_HIST] = n + 1 >= 34 ? (line - sm[SM_SIGNAL9]) / c : Double.NaN;

    // Bollinger bands (SMA 20 +- 2 population standard deviations), straight from the ring.
    closes[slot(n, FeatureState.CLOSES)] = c;
    if (n + 1 >= BOLLINGER) {
      double mean = 0;
      for (long i = n - BOLLINGER + 1; i <= n; i++) {
        mean += closes[slot(i, FeatureState.CLOSES)];
      }
      mean /= BOLLINGER;
      double var = 0;
      for (long i = n - BOLLINGER + 1; i <= n; i++) {
        double d = closes[slot(i, FeatureState.CLOSES)] - mean;
        var += d * d;
      }
      double sd = Math.sqrt(var / BOLLINGER);
      f[SMA_DEV_20] = c / mean - 1;
      f[BOLLINGER_PCTB] = sd > 0 ? (c - (mean - 2 * sd)) / (4 * sd) : 0.5;
      f[BOLLINGER_WIDTH] = 4 * sd / mean;
    } else {
      f[SMA_DEV_20] = Double.NaN;
      f[BOLLINGER_PCTB] = Double.NaN;
      f[BOLLINGER_WIDTH] = Double.NaN;
    }

    // Average true range, Wilder-smoothed from the first bar's range.
    double trueRange =
        n > 0 ? Math.max(h - l, Math.max(Math.abs(h - prev), Math.abs(l - prev))) : h - l;
    sm[SM_ATR] = n == 0 ? trueRange : sm[SM_ATR] + (trueRange - sm[SM_ATR]) / ATR_PERIOD;
    f[ATR_14] = n + 1 >= ATR_PERIOD ? sm[SM_ATR] / c : Double.NaN;

    f[HL_RANGE] = (h - l) / c;
    f[CLOSE_LOCATION] = h > l ? (c - l) / (h - l) : 0.5;
    double vwap = bar.vwap() != null ? bar.vwap().doubleValue() : c;
    f[VWAP_DEV] = (c - vwap) / vwap;

    // Volume and trade-count statistics over rings of 30.
    double[] vol = state.volumes();
    double[] trades = state.trades();
    int w30 = slot(n, FeatureState.WINDOW);
    sums[SUM_V_5] += v - (n >= 5 ? vol[slot(n - 5, FeatureState.WINDOW)] : 0);
    double oldV = vol[w30];
    double oldT = trades[w30];
    sums[SUM_V_30] += v - oldV;
    sums[SUM_V2_30] += v * v - oldV * oldV;
    sums[SUM_T_30] += tradeCount - oldT;
    sums[SUM_T2_30] += tradeCount * tradeCount - oldT * oldT;
    vol[w30] = v;
    trades[w30] = tradeCount;
    boolean full30 = n + 1 >= FeatureState.WINDOW;
    f[VOLUME_Z_30] = full30 ? zScore(v, sums[SUM_V_30], sums[SUM_V2_30]) : Double.NaN;
    f[TRADES_Z_30] = full30 ? zScore(tradeCount, sums[SUM_T_30], sums[SUM_T2_30]) : Double.NaN;
    f[VOLUME_RATIO] =
        full30
            ? (sums[SUM_V_30] > 0
                ? (sums[SUM_V_5] / 5) / (sums[SUM_V_30] / FeatureState.WINDOW)
                : 1)
            : Double.NaN;
    f[LOG_VOLUME] = Math.log1p(v);

    f[GAP_MINUTES] = n > 0 ? Math.max(0, (bar.start() - state.lastBarEnd()) / 60_000.0) : 0;
    long minuteOfEpoch = Math.floorDiv(bar.start(), 60_000L);
    f[MINUTE_OF_DAY] = Math.floorMod(minuteOfEpoch, 1440L);
    // 1970-01-01 was a Thursday, ISO day 4.
    f[DAY_OF_WEEK] = Math.floorMod(Math.floorDiv(minuteOfEpoch, 1440L) + 3, 7L) + 1;
    f[MINUTES_TO_CLOSE] = calendar.minutesToSessionClose(bar.end());

    f[SENTIMENT_BULLISH] = sentiment.bullish60();
    f[SENTIMENT_BEARISH] = sentiment.bearish60();
    f[SENTIMENT_NEUTRAL] = sentiment.neutral60();
    f[SENTIMENT_MEAN] = sentiment.meanScore60();
    f[SENTIMENT_MOMENTUM] = sentiment.momentum();

    FeatureState next = state.advanced(bar.end());
    boolean warm = next.count() >= WARMUP_BARS;
    return new Step(
        next, new FeatureVector(bar.symbol(), bar.end(), VERSION, bar.close(), f, warm));
  }

  private static int slot(long index, int size) {
    return (int) (index % size);
  }

  private static double lagReturn(double[] closes, long n, double close, int lag) {
    return n >= lag ? Math.log(close / closes[slot(n - lag, FeatureState.CLOSES)]) : Double.NaN;
  }

  /** Population z-score from running sums over a full window of 30; 0 for a constant window. */
  private static double zScore(double x, double sum, double sumSq) {
    double mean = sum / FeatureState.WINDOW;
    double var = Math.max(sumSq / FeatureState.WINDOW - mean * mean, 0);
    double sd = Math.sqrt(var);
    return sd > 1e-9 * Math.max(1, Math.abs(mean)) ? (x - mean) / sd : 0;
  }

  /** Recomputes the return sums from the ring now and then, so rounding never accumulates. */
  private static void resumReturns(double[] sq, double[] sums, long j) {
    for (int w = 0; w < RV_WINDOWS.length; w++) {
      double s = 0;
      for (long i = j - RV_WINDOWS[w] + 1; i <= j; i++) {
        s += sq[slot(i, FeatureState.RETURNS)];
      }
      sums[RV_SUMS[w]] = s;
    }
  }
}
