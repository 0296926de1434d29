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
    for (int i = 0; i < 400; i++) {
      minute += rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(5) : 1; // some minutes without trades
      price *= Math.exp(rnd.nextGaussian() * 0.002);
      double hi = price * (1 + rnd.nextDouble() * 0.001);
      double lo = price * (1 - rnd.nextDouble() * 0.001);
      double vol = 0.5 + rnd.nextDouble() * 5;
      bars.add(bar(minute, price, hi, lo, vol, price * (1 + (rnd.nextDouble() - 0.5) * 0.0005)));
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
    for (int i = 0; i < 40; i++) {
      FeatureCalculator.Step step = FeatureCalculator.update(state, bar(i, 100, 100, 100, 1, 100));
      state = step.state();
      f = step.features();
    }
    assertThat(f.values()[FeatureSpec.LOG_RET_1]).isZero();
    assertThat(f.values()[FeatureSpec.REALIZED_VOL_30]).isZero();
    assertThat(f.values()[FeatureSpec.RSI_14]).isEqualTo(50);
    assertThat(f.values()[FeatureSpec.MACD_NORM]).isZero();
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
        3);
  }

  /** Textbook definitions over the whole history; slow and obviously right. */
  static final class Oracle {
    static double[] features(List<MinuteBar> h) {
      int n = h.size();
      double[] c = h.stream().mapToDouble(b -> b.close().doubleValue()).toArray();
      double[] v = h.stream().mapToDouble(b -> b.volume().doubleValue()).toArray();
      double[] f = new double[FeatureSpec.NAMES.size()];
      int t = n - 1;
      f[FeatureSpec.LOG_RET_1] = t >= 1 ? Math.log(c[t] / c[t - 1]) : Double.NaN;
      f[FeatureSpec.LOG_RET_5] = t >= 5 ? Math.log(c[t] / c[t - 5]) : Double.NaN;
      f[FeatureSpec.LOG_RET_15] = t >= 15 ? Math.log(c[t] / c[t - 15]) : Double.NaN;
      if (t >= 30) {
        double s = 0;
        for (int i = t - 29; i <= t; i++) {
          double r = Math.log(c[i] / c[i - 1]);
          s += r * r;
        }
        f[FeatureSpec.REALIZED_VOL_30] = Math.sqrt(s);
      } else {
        f[FeatureSpec.REALIZED_VOL_30] = Double.NaN;
      }
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
      if (n >= 26) {
        f[FeatureSpec.MACD_NORM] = (ema(c, 12) - ema(c, 26)) / c[t];
      } else {
        f[FeatureSpec.MACD_NORM] = Double.NaN;
      }
      if (n >= 30) {
        double mean = 0;
        for (int i = n - 30; i < n; i++) {
          mean += v[i] / 30;
        }
        double var = 0;
        for (int i = n - 30; i < n; i++) {
          var += (v[i] - mean) * (v[i] - mean) / 30;
        }
        f[FeatureSpec.VOLUME_Z_30] = (v[t] - mean) / Math.sqrt(var);
      } else {
        f[FeatureSpec.VOLUME_Z_30] = Double.NaN;
      }
      MinuteBar b = h.get(t);
      f[FeatureSpec.HL_RANGE] = (b.high().doubleValue() - b.low().doubleValue()) / c[t];
      f[FeatureSpec.VWAP_DEV] = (c[t] - b.vwap().doubleValue()) / b.vwap().doubleValue();
      f[FeatureSpec.GAP_MINUTES] = t >= 1 ? (b.start() - h.get(t - 1).end()) / 60_000.0 : 0;
      long minuteOfDay = (b.start() / 60_000) % 1440;
      f[FeatureSpec.MINUTE_OF_DAY] = minuteOfDay;
      long day = Math.floorDiv(b.start(), 86_400_000L); // 1970-01-01 was a Thursday (4)
      f[FeatureSpec.DAY_OF_WEEK] = Math.floorMod(day + 3, 7) + 1;
      return f;
    }

    private static double ema(double[] c, int period) {
      double a = 2.0 / (period + 1);
      double e = c[0];
      for (int i = 1; i < c.length; i++) {
        e = e + a * (c[i] - e);
      }
      return e;
    }
  }
}
