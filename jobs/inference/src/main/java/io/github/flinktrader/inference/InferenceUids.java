package io.github.flinktrader.inference;

/**
 * Operator uids of the inference job. Released uids never change: savepoints restore by them. Sink
 * uids are derived by {@link io.github.flinktrader.flink.JobIo#write}.
 */
final class InferenceUids {
  static final String FEATURES_SOURCE = "inference.features-source";
  static final String PARSE_FEATURES = "inference.parse-features";
  static final String WARM_ONLY = "inference.warm-only";
  static final String CONTEXT_WINDOW = "inference.context-window";
  static final String CONTROL_SOURCE = "inference.control-source";
  static final String PARSE_CONTROL = "inference.parse-control";
  static final String MODEL_VERSIONS = "inference.model-versions";
  static final String LIVE_FORECASTS = "inference.live-forecasts";
  static final String SHADOW_FORECASTS = "inference.shadow-forecasts";
  static final String EXPLAINED_ONLY = "inference.explained-forecasts";
  static final String FORECAST = "inference.async-forecast";
  static final String POSTS_SOURCE = "inference.posts-source";
  static final String PARSE_POSTS = "inference.parse-posts";
  static final String MARKET_CLOCK_SOURCE = "inference.market-clock-source";
  static final String MARKET_CLOCK = "inference.market-clock";
  static final String POSTS_WITH_SYMBOLS = "inference.posts-with-symbols";
  static final String SENTIMENT = "inference.async-sentiment";
  static final String SENTIMENT_SCORES = "inference.sentiment-scores";
  static final String SENTIMENT_AGGREGATES = "inference.sentiment-aggregates";

  private InferenceUids() {}
}
