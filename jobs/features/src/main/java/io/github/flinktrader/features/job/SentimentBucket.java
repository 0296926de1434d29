package io.github.flinktrader.features.job;

/** Sentiment of one symbol during one minute, as counted so far. */
public record SentimentBucket(long bullish, long bearish, long neutral, double scoreSum) {

  static final SentimentBucket EMPTY = new SentimentBucket(0, 0, 0, 0);

  long posts() {
    return bullish + bearish + neutral;
  }
}
