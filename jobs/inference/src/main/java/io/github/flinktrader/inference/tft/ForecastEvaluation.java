package io.github.flinktrader.inference.tft;

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
