package io.github.flinktrader.inference.sentiment;

import io.github.flinktrader.records.SentimentLabel;

/**
 * A sentiment model's answer for one text.
 *
 * @param confidence the probability of the most likely class, in [0, 1]
 * @param score positive minus negative probability, in [-1, 1]
 * @param fallback true when the model gave no answer and this is the operator's neutral stand-in
 */
public record Classification(
    SentimentLabel label, double confidence, double score, String modelVersion, boolean fallback) {

  /** The default confidence threshold: below it a text counts as neutral. */
  public static final double THRESHOLD = 0.7;

  /**
   * From class probabilities: the most likely class, or {@code NEUTRAL} when its probability is
   * below {@code threshold}. A two-class model passes {@code neutral = 0}.
   */
  public static Classification of(
      double negative, double neutral, double positive, double threshold, String modelVersion) {
    SentimentLabel label = SentimentLabel.NEUTRAL;
    double top = neutral;
    if (positive > top) {
      label = SentimentLabel.POSITIVE;
      top = positive;
    }
    if (negative > top) {
      label = SentimentLabel.NEGATIVE;
      top = negative;
    }
    if (top < threshold) {
      label = SentimentLabel.NEUTRAL;
    }
    double score = Math.max(-1, Math.min(1, positive - negative));
    return new Classification(label, Math.max(0, Math.min(1, top)), score, modelVersion, false);
  }

  /** The operator's stand-in when the model has no answer: neutral, no confidence, flagged. */
  public static Classification fallback(String modelVersion) {
    return new Classification(SentimentLabel.NEUTRAL, 0, 0, modelVersion, true);
  }
}
