package io.github.flinktrader.offline.tft;

import io.github.flinktrader.inference.NormalQuantile;
import io.github.flinktrader.inference.tft.TftDataset;
import java.util.Arrays;
import java.util.Random;

/**
 * The yardsticks a TFT must beat, each predicting log-return quantiles {@code [sample][horizon]
 * [quantile]} from what was known at the decision:
 *
 * <ul>
 *   <li>{@code persistence}: the random walk, median return 0, the interval from a normal with the
 *       training returns' standard deviation per horizon;
 *   <li>{@code historical-quantiles}: the training returns' empirical quantiles per horizon, the
 *       same for every sample;
 *   <li>{@code linear-quantile}: a linear quantile regression per horizon and level on the last
 *       bar's normalised features, fitted by subgradient descent on the pinball loss.
 * </ul>
 */
public final class QuantileBaselines {

  private QuantileBaselines() {}

  public static double[][][] persistence(
      TftDataset.Samples train, TftDataset.Samples test, double[] q, double[] scales) {
    int h = test.horizons();
    double[][][] out = new double[test.size()][h][q.length];
    for (int hi = 0; hi < h; hi++) {
      double sd = std(returns(train, hi, scales));
      for (int i = 0; i < test.size(); i++) {
        for (int qi = 0; qi < q.length; qi++) {
          out[i][hi][qi] = sd * NormalQuantile.of(q[qi]);
        }
      }
    }
    return out;
  }

  public static double[][][] historical(
      TftDataset.Samples train, TftDataset.Samples test, double[] q, double[] scales) {
    int h = test.horizons();
    double[][][] out = new double[test.size()][h][q.length];
    for (int hi = 0; hi < h; hi++) {
      double[] r = returns(train, hi, scales);
      Arrays.sort(r);
      for (int qi = 0; qi < q.length; qi++) {
        double v = r[(int) Math.min(r.length - 1, Math.floor(q[qi] * r.length))];
        for (int i = 0; i < test.size(); i++) {
          out[i][hi][qi] = v;
        }
      }
    }
    return out;
  }

  /**
   * Linear quantile regression on the features of the decision bar (the last encoder step's
   * observed inputs) plus a bias; labels are standardised, so one learning rate suits every
   * horizon.
   */
  public static double[][][] linear(
      TftDataset.Samples train,
      TftDataset.Samples test,
      int observed,
      double[] q,
      double[] scales,
      long seed) {
    int h = test.horizons();
    int p = observed + 1;
    double[][][] w = new double[h][q.length][p];
    Random random = new Random(seed);
    int epochs = 20;
    double lr = 0.01;
    for (int e = 0; e < epochs; e++) {
      double rate = lr / (1 + e);
      for (int step = 0; step < train.size(); step++) {
        int i = random.nextInt(train.size());
        double[] x = lastStep(train, i, observed);
        for (int hi = 0; hi < h; hi++) {
          double y = train.labels()[i * h + hi];
          for (int qi = 0; qi < q.length; qi++) {
            double yHat = dot(w[hi][qi], x);
            // Subgradient of the pinball loss with respect to the prediction.
            double g = y > yHat ? -q[qi] : 1 - q[qi];
            for (int j = 0; j < p; j++) {
              w[hi][qi][j] -= rate * g * x[j];
            }
          }
        }
      }
    }
    double[][][] out = new double[test.size()][h][q.length];
    for (int i = 0; i < test.size(); i++) {
      double[] x = lastStep(test, i, observed);
      for (int hi = 0; hi < h; hi++) {
        for (int qi = 0; qi < q.length; qi++) {
          out[i][hi][qi] = dot(w[hi][qi], x) * scales[hi];
        }
        Arrays.sort(out[i][hi]);
      }
    }
    return out;
  }

  private static double[] lastStep(TftDataset.Samples s, int i, int observed) {
    double[] x = new double[observed + 1];
    int base = (i * s.contextLength() + s.contextLength() - 1) * s.encoderInputs();
    for (int f = 0; f < observed; f++) {
      x[f] = Math.max(-10, Math.min(10, s.past()[base + f]));
    }
    x[observed] = 1;
    return x;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double[] returns(TftDataset.Samples s, int h, double[] scales) {
    double[] r = new double[s.size()];
    for (int i = 0; i < s.size(); i++) {
      r[i] = s.logReturn(i, h, scales);
    }
    return r;
  }

  static double std(double[] x) {
    double m = Arrays.stream(x).average().orElse(0);
    return Math.sqrt(Arrays.stream(x).map(v -> (v - m) * (v - m)).average().orElse(0));
  }
}
