package io.github.flinktrader.features.job;

/** Operator uids of the features job. Released uids never change: savepoints restore by them. */
final class FeaturesUids {
  static final String BARS_SOURCE = "features.bars-source";
  static final String PARSE_BARS = "features.parse-bars";
  static final String ROLLING_FEATURES = "features.rolling-features";
  static final String FEATURES_KAFKA = "features.features-kafka-sink";
  static final String FEATURES_DB = "features.features-db-sink";
  static final String DLQ_KAFKA = "features.dlq-kafka-sink";
  static final String DLQ_DB = "features.dlq-db-sink";

  private FeaturesUids() {}
}
