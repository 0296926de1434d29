package io.github.flinktrader.offline.sentiment;

import io.github.flinktrader.records.SentimentLabel;

/**
 * Scores of a classifier on sentences labelled positive or negative. A {@code NEUTRAL} answer is
 * never right (the labels have no neutral class) but is counted apart, as abstention.
 *
 * @param accuracy share of sentences labelled correctly
 * @param low lower end of the 95% Wilson interval of {@code accuracy}
 * @param high upper end
 * @param macroF1 mean of the positive and negative classes' F1
 * @param neutralShare share of sentences answered neutral
 */
public record SentimentMetrics(
    int samples, double accuracy, double low, double high, double macroF1, double neutralShare) {

  public static SentimentMetrics of(boolean[] positive, SentimentLabel[] predicted) {
    int n = positive.length;
    int correct = 0;
    int neutral = 0;
    int[] tp = new int[2];
    int[] predictedAs = new int[2];
    int[] actual = new int[2];
    for (int i = 0; i < n; i++) {
      int gold = positive[i] ? 1 : 0;
      actual[gold]++;
      if (predicted[i] == SentimentLabel.NEUTRAL) {
        neutral++;
        continue;
      }
      int p = predicted[i] == SentimentLabel.POSITIVE ? 1 : 0;
      predictedAs[p]++;
      if (p == gold) {
        tp[p]++;
        correct++;
      }
    }
    double f1 = 0;
    for (int c = 0; c < 2; c++) {
      double precision = predictedAs[c] == 0 ? 0 : (double) tp[c] / predictedAs[c];
      double recall = actual[c] == 0 ? 0 : (double) tp[c] / actual[c];
      f1 += precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }
    double acc = n == 0 ? 0 : (double) correct / n;
    double[] ci = wilson(correct, n);
    return new SentimentMetrics(n, acc, ci[0], ci[1], f1 / 2, n == 0 ? 0 : (double) neutral / n);
  }

  /** The 95% Wilson score interval of a proportion {@code k / n}. */
  static double[] wilson(int k, int n) {
    if (n == 0) {
      return new double[] {0, 1};
    }
    double z = 1.959964;
    double p = (double) k / n;
    double denominator = 1 + z * z / n;
    double centre = (p + z * z / (2 * n)) / denominator;
    double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denominator;
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }
}
