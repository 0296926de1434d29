package io.github.flinktrader.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.MinuteBar;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The incremental calculator against a naive oracle that recomputes every feature from the full bar
 * history, written independently from the formulas in {@link FeatureSpec}.
 */
class FeatureCalculatorTest {

  private static final long T0 = 1_385_337_600_000L;

  @Test
  void matchesFullRecomputationOnARandomWalkWithGaps() {
    Random rnd = new Random(42);
    List<MinuteBar> bars = new ArrayList<>();
    double price = 800;
    long minute = 0;
    for (int i = 0; i < 700; i++) { // past the periodic re-summation at 600 returns
      minute += rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(5) : 1; // some minutes without trades
      price *= Math.exp(rnd.nextGaussian() * 0.002);
      double hi = price * (1 + rnd.nextDouble() * 0.001);
      double lo = price * (1 - rnd.nextDouble() * 0.001);
      double vol = 0.5 + rnd.nextDouble() * 5;
      bars.add(
          bar(
              minute,
              price,
              hi,
              lo,
              vol,
              price * (1 + (rnd.nextDouble() - 0.5) * 0.0005),
              1 + rnd.nextInt(20)));
    }
    FeatureState state = FeatureState.empty();
    for (int i = 0; i < bars.size(); i++) {
      FeatureCalculator.Step step = FeatureCalculator.update(state, bars.get(i));
      state = step.state();
      FeatureVector f = step.features();
      double[] expected = Oracle.features(bars.subList(0, i + 1));
      for (int k = 0; k < expected.length; k++) {
        String name = FeatureSpec.NAMES.get(k);
        if (Double.isNaN(expected[k])) {
          assertThat(f.values()[k]).as("%s at bar %d", name, i).isNaN();
        } else {
          assertThat(f.values()[k])
              .as("%s at bar %d", name, i)
              .isCloseTo(expected[k], within(1e-9 * Math.max(1, Math.abs(expected[k]))));
        }
      }
      assertThat(f.warm()).isEqualTo(i + 1 >= FeatureSpec.WARMUP_BARS);
      if (f.warm()) {
        for (double v : f.values()) {
          assertThat(v).isFinite();
        }
      }
    }
  }

  @Test
  void constantPricesGiveNeutralIndicators() {
    FeatureState state = FeatureState.empty();
    FeatureVector f = null;
    for (int i = 0; i < 70; i++) {
      FeatureCalculator.Step step = FeatureCalculator.update(state, bar(i, 100, 100, 100, 1, 100));
      state = step.state();
      f = step.features();
    }
    assertThat(f.values()[FeatureSpec.LOG_RET_1]).isZero();
    assertThat(f.values()[FeatureSpec.REALIZED_VOL_30]).isZero();
    assertThat(f.values()[FeatureSpec.RSI_14]).isEqualTo(50);
    assertThat(f.values()[FeatureSpec.MACD_LINE]).isZero();
    assertThat(f.values()[FeatureSpec.BOLLINGER_PCTB]).isEqualTo(0.5);
    assertThat(f.values()[FeatureSpec.CLOSE_LOCATION]).isEqualTo(0.5);
    assertThat(f.values()[FeatureSpec.VOLUME_Z_30]).isZero();
  }

  @Test
  void timeFeaturesAreUtcMinuteOfDayAndIsoDayOfWeek() {
    // 2013-11-25 was a Monday; minute 61 is 01:01 UTC.
    FeatureVector f =
        FeatureCalculator.update(FeatureState.empty(), bar(61, 100, 100, 100, 1, 100)).features();
    assertThat(f.values()[FeatureSpec.MINUTE_OF_DAY]).isEqualTo(61);
    assertThat(f.values()[FeatureSpec.DAY_OF_WEEK]).isEqualTo(1);
    assertThat(f.specVersion()).isEqualTo(FeatureSpec.VERSION);
  }

  static MinuteBar bar(
      long minute, double close, double high, double low, double volume, double vwap) {
    return bar(minute, close, high, low, volume, vwap, 3);
  }

  static MinuteBar bar(
      long minute, double close, double high, double low, double volume, double vwap, int trades) {
    long start = T0 + minute * 60_000;
    BigDecimal c = BigDecimal.valueOf(close);
    return new MinuteBar(
        "BTCUSD",
        start,
        start + 60_000,
        c,
        BigDecimal.valueOf(Math.max(high, close)),
        BigDecimal.valueOf(Math.min(low, close)),
        c,
        BigDecimal.valueOf(volume),
        BigDecimal.valueOf(vwap),
        trades);
  }

  /** Textbook definitions over the whole history; slow and obviously right. */
  static final class Oracle {
    static double[] features(List<MinuteBar> hist) {
      int n = hist.size();
      double[] c = hist.stream().mapToDouble(b -> b.close().doubleValue()).toArray();
      double[] v = hist.stream().mapToDouble(b -> b.volume().doubleValue()).toArray();
      double[] tc = hist.stream().mapToDouble(MinuteBar::trades).toArray();
      double[] f = new double[FeatureSpec.NAMES.size()];
      int t = n - 1;
      MinuteBar b = hist.get(t);
      f[FeatureSpec.LOG_RET_1] = t >= 1 ? Math.log(c[t] / c[t - 1]) : Double.NaN;
      f[FeatureSpec.LOG_RET_5] = t >= 5 ? Math.log(c[t] / c[t - 5]) : Double.NaN;
      f[FeatureSpec.LOG_RET_15] = t >= 15 ? Math.log(c[t] / c[t - 15]) : Double.NaN;
      f[FeatureSpec.LOG_RET_30] = t >= 30 ? Math.log(c[t] / c[t - 30]) : Double.NaN;
      f[FeatureSpec.LOG_RET_60] = t >= 60 ? Math.log(c[t] / c[t - 60]) : Double.NaN;
      f[FeatureSpec.REALIZED_VOL_15] = rv(c, t, 15);
      f[FeatureSpec.REALIZED_VOL_30] = rv(c, t, 30);
      f[FeatureSpec.REALIZED_VOL_60] = rv(c, t, 60);
      f[FeatureSpec.VOL_RATIO_15_60] = t >= 60 ? rv(c, t, 15) / rv(c, t, 60) : Double.NaN;
      if (t >= 14) {
        double g = 0;
        double l = 0;
        for (int i = 1; i <= 14; i++) {
          g += Math.max(c[i] - c[i - 1], 0);
          l += Math.max(c[i - 1] - c[i], 0);
        }
        g /= 14;
        l /= 14;
        for (int i = 15; i <= t; i++) {
          g = (g * 13 + Math.max(c[i] - c[i - 1], 0)) / 14;
          l = (l * 13 + Math.max(c[i - 1] - c[i], 0)) / 14;
        }
        f[FeatureSpec.RSI_14] = l == 0 ? (g == 0 ? 50 : 100) : 100 - 100 / (1 + g / l);
      } else {
        f[FeatureSpec.RSI_14] = Double.NaN;
      }
      double[] line = new double[n];
      for (int i = 0; i < n; i++) {
        line[i] = ema(c, 12, i) - ema(c, 26, i);
      }
      double signal = ema(line, 9, t);
      f[FeatureSpec.MACD_LINE] = n >= 26 ? line[t] / c[t] : Double.NaN;
      f[FeatureSpec.MACD_SIGNAL] = n >= 34 ? signal / c[t] : Double.NaN;
      f[FeatureSpec.MACD_HIST] = n >= 34 ? (line[t] - signal) / c[t] : Double.NaN;
      if (n >= 20) {
        double mean = 0;
        for (int i = n - 20; i < n; i++) {
          mean += c[i] / 20;
        }
        double var = 0;
        for (int i = n - 20; i < n; i++) {
          var += (c[i] - mean) * (c[i] - mean) / 20;
        }
        double sd = Math.sqrt(var);
        f[FeatureSpec.SMA_DEV_20] = c[t] / mean - 1;
        f[FeatureSpec.BOLLINGER_PCTB] = (c[t] - (mean - 2 * sd)) / (4 * sd);
        f[FeatureSpec.BOLLINGER_WIDTH] = 4 * sd / mean;
      } else {
        f[FeatureSpec.SMA_DEV_20] = Double.NaN;
        f[FeatureSpec.BOLLINGER_PCTB] = Double.NaN;
        f[FeatureSpec.BOLLINGER_WIDTH] = Double.NaN;
      }
      double atr = 0;
      for (int i = 0; i <= t; i++) {
        double hi = hist.get(i).high().doubleValue();
        double lo = hist.get(i).low().doubleValue();
        double tr =
            i == 0
                ? hi - lo
                : Math.max(hi - lo, Math.max(Math.abs(hi - c[i - 1]), Math.abs(lo - c[i - 1])));
        atr = i == 0 ? tr : atr + (tr - atr) / 14;
      }
      f[FeatureSpec.ATR_14] = n >= 14 ? atr / c[t] : Double.NaN;
      double hi = b.high().doubleValue();
      double lo = b.low().doubleValue();
      f[FeatureSpec.HL_RANGE] = (hi - lo) / c[t];
      f[FeatureSpec.CLOSE_LOCATION] = hi > lo ? (c[t] - lo) / (hi - lo) : 0.5;
      f[FeatureSpec.VWAP_DEV] = (c[t] - b.vwap().doubleValue()) / b.vwap().doubleValue();
      f[FeatureSpec.VOLUME_Z_30] = n >= 30 ? z(v, t) : Double.NaN;
      f[FeatureSpec.TRADES_Z_30] = n >= 30 ? z(tc, t) : Double.NaN;
      f[FeatureSpec.LOG_VOLUME] = Math.log(1 + v[t]);
      f[FeatureSpec.VOLUME_RATIO] = n >= 30 ? mean(v, t, 5) / mean(v, t, 30) : Double.NaN;
      f[FeatureSpec.GAP_MINUTES] = t >= 1 ? (b.start() - hist.get(t - 1).end()) / 60_000.0 : 0;
      f[FeatureSpec.MINUTE_OF_DAY] = (b.start() / 60_000) % 1440;
      long day = Math.floorDiv(b.start(), 86_400_000L); // 1970-01-01 was a Thursday (4)
      f[FeatureSpec.DAY_OF_WEEK] = Math.floorMod(day + 3, 7) + 1;
      f[FeatureSpec.MINUTES_TO_CLOSE] = 1440 - (b.end() / 60_000) % 1440; // BTCUSD: 24/7, UTC day
      // No sentiment: the defined defaults.
      return f;
    }

    private static double rv(double[] c, int t, int w) {
      if (t < w) {
        return Double.NaN;
      }
      double s = 0;
      for (int i = t - w + 1; i <= t; i++) {
        double r = Math.log(c[i] / c[i - 1]);
        s += r * r;
      }
      return Math.sqrt(s);
    }

    private static double mean(double[] x, int t, int w) {
      double m = 0;
      for (int i = t - w + 1; i <= t; i++) {
        m += x[i] / w;
      }
      return m;
    }

    private static double z(double[] x, int t) {
      double m = mean(x, t, 30);
      double var = 0;
      for (int i = t - 29; i <= t; i++) {
        var += (x[i] - m) * (x[i] - m) / 30;
      }
      return var == 0 ? 0 : (x[t] - m) / Math.sqrt(var);
    }

    /** EMA of x[0..t], seeded with x[0]. */
    private static double ema(double[] x, int period, int t) {
      double a = 2.0 / (period + 1);
      double e = x[0];
      for (int i = 1; i <= t; i++) {
        e = e + a * (x[i] - e);
      }
      return e;
    }
  }
}
