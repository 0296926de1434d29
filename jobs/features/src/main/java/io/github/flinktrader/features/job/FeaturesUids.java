package io.github.flinktrader.features.job;

/**
 * Operator uids of the features job. Released uids never change: savepoints restore by them. Sink
 * uids are derived by {@link io.github.flinktrader.flink.JobIo#write}.
 */
final class FeaturesUids {
  static final String BARS_SOURCE = "features.bars-source";
  static final String PARSE_BARS = "features.parse-bars";

  /**
   * Retired with the switch from per-post scores to one-minute sentiment windows: a savepoint
   * holding it restores with {@code --allowNonRestoredState} (its offsets are of the old topic).
   */
  static final String RETIRED_SENTIMENT_SOURCE = "features.sentiment-source";

  static final String SENTIMENT_AGGREGATES_SOURCE = "features.sentiment-aggregates-source";
  static final String PARSE_SENTIMENT = "features.parse-sentiment";
  static final String ROLLING_FEATURES = "features.rolling-features";

  /**
   * Retired as operator uids (with their {@code -late} companions) when the longer bars moved into
   * {@link RollingFeatures}: a savepoint holding the former window operators restores with {@code
   * --allowNonRestoredState}, and the 5-, 15- and 60-minute bars open at the savepoint are lost
   * (those windows restart with the next minute bar). Still the stage of late-bar dead letters.
   */
  static final String BARS_5M = "features.bars-5m";

  static final String BARS_15M = "features.bars-15m";
  static final String BARS_60M = "features.bars-60m";

  private FeaturesUids() {}
}
