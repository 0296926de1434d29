package io.github.flinktrader.offline.tft;

import io.github.flinktrader.inference.tft.TftDataset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores quantile forecasts of log returns against what happened, per horizon: the pinball loss per
 * quantile (in log-return units), the coverage of the outer interval (P10-P90 by default), the MAPE
 * and RMSE of the median turned into a price, and the directional accuracy of the median with a 95%
 * Wilson interval (samples where the median or the outcome is exactly zero are left out).
 */
public final class ForecastEvaluation {

  /** The scores of one model at one horizon. */
  public record Scores(
      String model,
      int horizonMinutes,
      double[] pinball,
      double meanPinball,
      double coverage,
      double mape,
      double rmse,
      double directionalAccuracy,
      double directionalLow,
      double directionalHigh,
      int directionalSamples) {}

  private ForecastEvaluation() {}

  /**
   * @param predicted {@code [sample][horizon][quantile]} log returns
   */
  public static List<Scores> score(
      String model,
      double[][][] predicted,
      TftDataset.Samples test,
      int[] horizons,
      double[] q,
      double[] scales) {
    List<Scores> out = new ArrayList<>();
    int n = test.size();
    for (int h = 0; h < horizons.length; h++) {
      double[] pinball = new double[q.length];
      int covered = 0;
      double ape = 0;
      double se = 0;
      int hits = 0;
      int directional = 0;
      int median = medianIndex(q);
      for (int i = 0; i < n; i++) {
        double y = test.logReturn(i, h, scales);
        double[] p = predicted[i][h];
        for (int k = 0; k < q.length; k++) {
          pinball[k] += pinball(y, p[k], q[k]);
        }
        covered += y >= p[0] && y <= p[q.length - 1] ? 1 : 0;
        double close = test.closes()[i];
        double actual = close * Math.exp(y);
        double forecast = close * Math.exp(p[median]);
        ape += Math.abs(forecast - actual) / actual;
        se += (forecast - actual) * (forecast - actual);
        if (p[median] != 0 && y != 0) {
          directional++;
          hits += Math.signum(p[median]) == Math.signum(y) ? 1 : 0;
        }
      }
      double mean = 0;
      for (int k = 0; k < q.length; k++) {
        pinball[k] /= n;
        mean += pinball[k];
      }
      double[] wilson = wilson(hits, directional);
      out.add(
          new Scores(
              model,
              horizons[h],
              pinball,
              mean / q.length,
              covered / (double) n,
              100 * ape / n,
              Math.sqrt(se / n),
              directional == 0 ? Double.NaN : hits / (double) directional,
              wilson[0],
              wilson[1],
              directional));
    }
    return out;
  }

  static double pinball(double y, double yHat, double q) {
    double e = y - yHat;
    return Math.max(q * e, (q - 1) * e);
  }

  /** The 95% Wilson score interval of a proportion. */
  static double[] wilson(int hits, int n) {
    if (n == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double z = 1.959964;
    double p = hits / (double) n;
    double denom = 1 + z * z / n;
    double centre = (p + z * z / (2 * n)) / denom;
    double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denom;
    return new double[] {centre - half, centre + half};
  }

  /** The level of {@code q} nearest 0.5: the one scored as the median. */
  public static double medianLevel(double[] q) {
    return q[medianIndex(q)];
  }

  private static int medianIndex(double[] q) {
    int best = 0;
    for (int i = 1; i < q.length; i++) {
      if (Math.abs(q[i] - 0.5) < Math.abs(q[best] - 0.5)) {
        best = i;
      }
    }
    return best;
  }

  /** The human table: one row per model and horizon. */
  public static String table(List<Scores> scores, double[] q) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-22s %7s", "model", "horizon"));
    for (double level : q) {
      sb.append(String.format(Locale.ROOT, " %10s", "pinball" + Math.round(level * 100)));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            " %9s %8s %10s %22s%n",
            "coverage",
            "MAPE %",
            "RMSE",
            "direction (95% CI)"));
    for (Scores s : scores) {
      sb.append(String.format(Locale.ROOT, "%-22s %6dm", s.model(), s.horizonMinutes()));
      for (double p : s.pinball()) {
        sb.append(String.format(Locale.ROOT, " %10.6f", p));
      }
      sb.append(
          String.format(
              Locale.ROOT, " %8.1f%% %8.3f %10.3f", 100 * s.coverage(), s.mape(), s.rmse()));
      sb.append(
          Double.isNaN(s.directionalAccuracy())
              ? String.format(Locale.ROOT, " %22s%n", "n/a (median 0)")
              : String.format(
                  Locale.ROOT,
                  " %7.1f%% [%4.1f, %4.1f]%n",
                  100 * s.directionalAccuracy(),
                  100 * s.directionalLow(),
                  100 * s.directionalHigh()));
    }
    return sb.toString();
  }

  /** The same figures as JSON-ready maps. */
  public static List<Map<String, Object>> json(List<Scores> scores, double[] q) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Scores s : scores) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("model", s.model());
      row.put("horizon_minutes", s.horizonMinutes());
      Map<String, Double> pin = new LinkedHashMap<>();
      for (int k = 0; k < q.length; k++) {
        pin.put(Double.toString(q[k]), s.pinball()[k]);
      }
      row.put("pinball", pin);
      row.put("mean_pinball", s.meanPinball());
      row.put("coverage", s.coverage());
      row.put("mape_percent", s.mape());
      row.put("rmse", s.rmse());
      row.put("directional_accuracy", s.directionalAccuracy());
      row.put("directional_ci95", new double[] {s.directionalLow(), s.directionalHigh()});
      row.put("directional_samples", s.directionalSamples());
      rows.add(row);
    }
    return rows;
  }

  /**
   * One model's loss against a reference's at one horizon: the mean per-sample difference (negative
   * when the model is better), relative to the reference's mean, and a Diebold-Mariano test of it.
   * Neighbouring samples' labels overlap (a 24-hour label shares all but one bar with the next
   * one's), so the differences are autocorrelated: the variance of their mean is the Newey-West
   * long-run variance with a Bartlett kernel over {@code lag} samples, the horizon's length in
   * samples.
   *
   * @param quantile the quantile level compared, or {@code NaN} for the mean over all levels
   */
  public record Comparison(
      String model,
      String reference,
      int horizonMinutes,
      double quantile,
      double difference,
      double relative,
      double statistic,
      double pValue,
      int lag) {}

  /**
   * Compares {@code model}'s forecasts with {@code reference}'s per horizon, at {@code quantile}
   * (or the mean over levels when it is {@code NaN}).
   */
  public static List<Comparison> compare(
      String modelName,
      double[][][] model,
      String referenceName,
      double[][][] reference,
      TftDataset.Samples test,
      int[] horizons,
      double[] q,
      double[] scales,
      double quantile) {
    int n = test.size();
    long spacing = medianSpacing(test.decisionTimes());
    List<Comparison> out = new ArrayList<>();
    for (int h = 0; h < horizons.length; h++) {
      double[] d = new double[n];
      double referenceSum = 0;
      for (int i = 0; i < n; i++) {
        double y = test.logReturn(i, h, scales);
        double a = 0;
        double b = 0;
        int levels = 0;
        for (int k = 0; k < q.length; k++) {
          if (Double.isNaN(quantile) || q[k] == quantile) {
            a += pinball(y, model[i][h][k], q[k]);
            b += pinball(y, reference[i][h][k], q[k]);
            levels++;
          }
        }
        if (levels == 0) {
          throw new IllegalArgumentException("no quantile level " + quantile + " in the forecasts");
        }
        d[i] = (a - b) / levels;
        referenceSum += b / levels;
      }
      int lag =
          spacing <= 0 ? 0 : (int) Math.min(n - 1, Math.ceil(horizons[h] * 60_000.0 / spacing));
      double[] test2 = dieboldMariano(d, lag);
      double mean = test2[0];
      out.add(
          new Comparison(
              modelName,
              referenceName,
              horizons[h],
              quantile,
              mean,
              referenceSum == 0 ? Double.NaN : mean / (referenceSum / n),
              test2[1],
              test2[2],
              lag));
    }
    return out;
  }

  /**
   * The mean of the loss differences {@code d}, its Diebold-Mariano statistic with a Newey-West
   * (Bartlett) long-run variance over {@code lag} autocovariances, and the two-sided p-value from
   * the normal distribution: {@code [mean, statistic, p]}.
   */
  static double[] dieboldMariano(double[] d, int lag) {
    int n = d.length;
    if (n < 2) {
      return new double[] {n == 1 ? d[0] : Double.NaN, Double.NaN, Double.NaN};
    }
    double mean = 0;
    for (double x : d) {
      mean += x;
    }
    mean /= n;
    double variance = autocovariance(d, mean, 0);
    for (int k = 1; k <= lag; k++) {
      variance += 2 * (1 - k / (lag + 1.0)) * autocovariance(d, mean, k);
    }
    if (variance <= 0) {
      return new double[] {mean, Double.NaN, Double.NaN};
    }
    double statistic = mean / Math.sqrt(variance / n);
    return new double[] {mean, statistic, 2 * normalUpperTail(Math.abs(statistic))};
  }

  private static double autocovariance(double[] d, double mean, int k) {
    double sum = 0;
    for (int t = k; t < d.length; t++) {
      sum += (d[t] - mean) * (d[t - k] - mean);
    }
    return sum / d.length;
  }

  /**
   * P(Z > x) for a standard normal Z, via a Chebyshev fit of erfc (relative error below 1.2e-7).
   */
  static double normalUpperTail(double x) {
    double z = Math.abs(x) / Math.sqrt(2);
    double t = 1 / (1 + 0.5 * z);
    double poly = 0;
    for (int k = ERFC_FIT.length - 1; k >= 0; k--) {
      poly = poly * t + ERFC_FIT[k];
    }
    double erfc = t * Math.exp(-z * z + poly);
    return x >= 0 ? erfc / 2 : 1 - erfc / 2;
  }

  /** The coefficients, lowest power first, of the Chebyshev fit in {@link #normalUpperTail}. */
  private static final double[] ERFC_FIT = {
    -1.26551223,
    1.00002368,
    0.37409196,
    0.09678418,
    -0.18628806,
    0.27886807,
    -1.13520398,
    1.48851587,
    -0.82215223,
    0.17087277
  };

  private static long medianSpacing(long[] times) {
    if (times.length < 2) {
      return 0;
    }
    long[] gaps = new long[times.length - 1];
    for (int i = 1; i < times.length; i++) {
      gaps[i - 1] = times[i] - times[i - 1];
    }
    java.util.Arrays.sort(gaps);
    return gaps[gaps.length / 2];
  }

  /** The human table of comparisons. */
  public static String comparisonTable(List<Comparison> comparisons) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%-22s %-14s %7s %9s %13s %9s %7s %7s %5s%n",
            "model",
            "against",
            "horizon",
            "pinball",
            "difference",
            "relative",
            "DM t",
            "p",
            "lag"));
    for (Comparison c : comparisons) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-22s %-14s %6dm %9s %13.3e %8.2f%% %7.2f %7.3f %5d%n",
              c.model(),
              c.reference(),
              c.horizonMinutes(),
              Double.isNaN(c.quantile()) ? "mean" : "P" + Math.round(c.quantile() * 100),
              c.difference(),
              100 * c.relative(),
              c.statistic(),
              c.pValue(),
              c.lag()));
    }
    return sb.toString();
  }

  /** The comparisons as JSON-ready maps. */
  public static List<Map<String, Object>> comparisonJson(List<Comparison> comparisons) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Comparison c : comparisons) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("model", c.model());
      row.put("against", c.reference());
      row.put("horizon_minutes", c.horizonMinutes());
      row.put("pinball", Double.isNaN(c.quantile()) ? "mean" : Double.toString(c.quantile()));
      row.put("difference", c.difference());
      row.put("relative", c.relative());
      row.put("dm_statistic", c.statistic());
      row.put("p_value", c.pValue());
      row.put("newey_west_lag", c.lag());
      rows.add(row);
    }
    return rows;
  }

  /**
   * The element-wise mean of several models' forecasts {@code [sample][horizon][quantile]} of the
   * same samples: an equal-weight ensemble. A mean of non-decreasing quantile vectors is
   * non-decreasing, so no quantile crossing is introduced.
   */
  public static double[][][] mean(List<double[][][]> forecasts) {
    if (forecasts.isEmpty()) {
      throw new IllegalArgumentException("no forecasts to average");
    }
    double[][][] first = forecasts.get(0);
    double[][][] out = new double[first.length][][];
    for (int i = 0; i < first.length; i++) {
      out[i] = new double[first[i].length][];
      for (int h = 0; h < first[i].length; h++) {
        out[i][h] = new double[first[i][h].length];
        for (double[][][] f : forecasts) {
          if (f.length != first.length
              || f[i].length != first[i].length
              || f[i][h].length != first[i][h].length) {
            throw new IllegalArgumentException("forecasts of different shapes cannot be averaged");
          }
          for (int k = 0; k < out[i][h].length; k++) {
            out[i][h][k] += f[i][h][k] / forecasts.size();
          }
        }
      }
    }
    return out;
  }
}
