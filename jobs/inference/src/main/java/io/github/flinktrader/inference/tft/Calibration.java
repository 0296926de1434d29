package io.github.flinktrader.inference.tft;

import java.util.Arrays;

/**
 * Per-horizon adjustments of a trained TFT's quantiles, fitted on its validation range (never on
 * the test range) and applied wherever the model serves:
 *
 * <ul>
 *   <li>{@code medianShrink[h]}: the predicted median log return is multiplied by it, chosen from
 *       0, 0.05, ..., 1 to minimise the validation P50 pinball loss. A median without skill on
 *       validation shrinks to 0, which is persistence; a skilled one keeps its weight.
 *   <li>{@code shifts[h][q]}: each quantile keeps its distance from the (shrunk) median and moves
 *       by the amount that makes the share of validation labels below it equal its level (a
 *       conformal shift; 0 for the median).
 * </ul>
 *
 * @param medianShrink one factor per horizon
 * @param shifts per horizon and quantile, in log-return units
 * @param samples validation samples it was fitted on
 */
public record Calibration(double[] medianShrink, double[][] shifts, int samples) {

  /** Shrink factors tried, in steps of 0.05. */
  static final int GRID = 20;

  /**
   * Fewer validation samples than this: no calibration is fitted (the 10% quantile of 500 residuals
   * has a standard error of about 1.3 points of coverage).
   */
  static final int MIN_SAMPLES = 500;

  /**
   * Fits on {@code validation} (labels standardised with the model's label scales, as training
   * reads them) from the model's uncalibrated quantiles; null when there are too few samples.
   */
  public static Calibration fit(TftModel model, TftDataset.Samples validation) {
    double[][][] predicted = model.predict(validation, false, false).logReturns();
    double[] scales = model.card().labelScales();
    int h = validation.horizons();
    double[][] actual = new double[validation.size()][h];
    for (int i = 0; i < validation.size(); i++) {
      for (int hi = 0; hi < h; hi++) {
        actual[i][hi] = validation.labels()[i * h + hi] * scales[hi];
      }
    }
    return fit(predicted, actual, model.card().config().quantiles());
  }

  /**
   * Fits on {@code predicted} log-return quantiles {@code [sample][horizon][quantile]} (sorted,
   * uncalibrated) and the realised log returns {@code actual[sample][horizon]}; null when there are
   * too few samples.
   */
  static Calibration fit(double[][][] predicted, double[][] actual, double[] levels) {
    int n = predicted.length;
    if (n < MIN_SAMPLES) {
      return null;
    }
    int h = predicted[0].length;
    int median = medianIndex(levels);
    double[] shrink = new double[h];
    double[][] shifts = new double[h][levels.length];
    for (int hi = 0; hi < h; hi++) {
      double best = Double.POSITIVE_INFINITY;
      for (int g = 0; g <= GRID; g++) {
        double lambda = g / (double) GRID;
        double loss = 0;
        for (int i = 0; i < n; i++) {
          loss += Math.abs(actual[i][hi] - lambda * predicted[i][hi][median]);
        }
        if (loss < best - 1e-12) {
          best = loss;
          shrink[hi] = lambda;
        }
      }
      for (int qi = 0; qi < levels.length; qi++) {
        if (qi == median) {
          continue;
        }
        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) {
          double[] q = predicted[i][hi];
          double base = shrink[hi] * q[median] + (q[qi] - q[median]);
          residuals[i] = actual[i][hi] - base;
        }
        Arrays.sort(residuals);
        shifts[hi][qi] = empiricalQuantile(residuals, levels[qi]);
      }
    }
    return new Calibration(shrink, shifts, n);
  }

  /** {@code q} (one horizon's quantiles, sorted) as served: shrunk, shifted, sorted again. */
  double[] apply(int horizon, double[] q, double[] levels) {
    int median = medianIndex(levels);
    double m = q[median];
    double[] out = new double[q.length];
    for (int qi = 0; qi < q.length; qi++) {
      out[qi] = medianShrink[horizon] * m + (q[qi] - m) + shifts[horizon][qi];
    }
    Arrays.sort(out);
    return out;
  }

  static int medianIndex(double[] levels) {
    int best = 0;
    for (int i = 1; i < levels.length; i++) {
      if (Math.abs(levels[i] - 0.5) < Math.abs(levels[best] - 0.5)) {
        best = i;
      }
    }
    return best;
  }

  /**
   * The {@code level} quantile of sorted values (linear interpolation between order statistics).
   */
  static double empiricalQuantile(double[] sorted, double level) {
    double pos = level * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
