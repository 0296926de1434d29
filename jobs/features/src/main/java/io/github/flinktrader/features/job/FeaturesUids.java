package io.github.flinktrader.features.job;

/**
 * Operator uids of the features job. Released uids never change: savepoints restore by them. Sink
 * uids are derived by {@link io.github.flinktrader.flink.JobIo#write}.
 */
final class FeaturesUids {
  static final String BARS_SOURCE = "features.bars-source";
  static final String PARSE_BARS = "features.parse-bars";
  static final String ROLLING_FEATURES = "features.rolling-features";

  private FeaturesUids() {}
}
