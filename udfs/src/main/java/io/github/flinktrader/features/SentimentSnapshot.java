package io.github.flinktrader.features;

/**
 * What the social stream said about one symbol before a bar closed: counts over the last 60 minutes
 * and the mean score over the last 60 and 15 minutes. {@link #NONE} is the defined value when no
 * sentiment has arrived (zero counts, neutral means).
 */
public record SentimentSnapshot(
    long bullish60, long bearish60, long neutral60, double meanScore60, double meanScore15) {

  public static final SentimentSnapshot NONE = new SentimentSnapshot(0, 0, 0, 0, 0);

  /** Recent minus longer-term mean score: positive when sentiment is improving. */
  public double momentum() {
    return meanScore15 - meanScore60;
  }
}
