package io.github.flinktrader.inference.sentiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.flinktrader.serde.Json;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Logistic regression on standardised inputs: the classification head trained on top of the frozen
 * MiniLM sentence embeddings (and, optionally, three lexicon inputs). Trained by full-batch Adam
 * with L2 regularisation from zero weights, so training is deterministic.
 */
public record SentimentHead(
    @JsonProperty("mean") double[] mean,
    @JsonProperty("scale") double[] scale,
    @JsonProperty("weights") double[] weights,
    @JsonProperty("bias") double bias,
    @JsonProperty("lexiconInputs") boolean lexiconInputs) {

  public static final String FILE = "head.json";

  /** P(positive) for one input vector. */
  public double positive(double[] x) {
    double z = bias;
    for (int i = 0; i < weights.length; i++) {
      z += weights[i] * (x[i] - mean[i]) / scale[i];
    }
    return 1 / (1 + Math.exp(-z));
  }

  public static SentimentHead train(
      double[][] x, boolean[] positive, double l2, int steps, boolean lexiconInputs) {
    int n = x.length;
    int d = x[0].length;
    double[] mean = new double[d];
    double[] scale = new double[d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / n;
      }
    }
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
      }
    }
    for (int j = 0; j < d; j++) {
      scale[j] = Math.sqrt(scale[j]) + 1e-9;
    }
    double[][] z = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        z[i][j] = (x[i][j] - mean[j]) / scale[j];
      }
    }
    double[] w = new double[d + 1]; // last: bias
    double[] m = new double[d + 1];
    double[] v = new double[d + 1];
    double rate = 0.01;
    for (int t = 1; t <= steps; t++) {
      double[] grad = new double[d + 1];
      for (int i = 0; i < n; i++) {
        double s = w[d];
        for (int j = 0; j < d; j++) {
          s += w[j] * z[i][j];
        }
        double err = 1 / (1 + Math.exp(-s)) - (positive[i] ? 1 : 0);
        for (int j = 0; j < d; j++) {
          grad[j] += err * z[i][j] / n;
        }
        grad[d] += err / n;
      }
      for (int j = 0; j < d; j++) {
        grad[j] += l2 * w[j];
      }
      for (int j = 0; j <= d; j++) {
        m[j] = 0.9 * m[j] + 0.1 * grad[j];
        v[j] = 0.999 * v[j] + 0.001 * grad[j] * grad[j];
        double mh = m[j] / (1 - Math.pow(0.9, t));
        double vh = v[j] / (1 - Math.pow(0.999, t));
        w[j] -= rate * mh / (Math.sqrt(vh) + 1e-8);
      }
    }
    double[] weights = new double[d];
    System.arraycopy(w, 0, weights, 0, d);
    return new SentimentHead(mean, scale, weights, w[d], lexiconInputs);
  }

  public void write(Path dir) throws IOException {
    Json.mapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve(FILE).toFile(), this);
  }

  public static SentimentHead read(Path dir) throws IOException {
    return Json.mapper().readValue(dir.resolve(FILE).toFile(), SentimentHead.class);
  }
}
