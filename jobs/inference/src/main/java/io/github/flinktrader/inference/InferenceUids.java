package io.github.flinktrader.inference;

/** Operator uids of the inference job. Released uids never change: savepoints restore by them. */
final class InferenceUids {
  static final String FEATURES_SOURCE = "inference.features-source";
  static final String PARSE_FEATURES = "inference.parse-features";
  static final String WARM_ONLY = "inference.warm-only";
  static final String FORECAST = "inference.async-forecast";
  static final String FORECASTS_KAFKA = "inference.forecasts-kafka-sink";
  static final String FORECASTS_DB = "inference.forecasts-db-sink";
  static final String DLQ_KAFKA = "inference.dlq-kafka-sink";
  static final String DLQ_DB = "inference.dlq-db-sink";

  private InferenceUids() {}
}
