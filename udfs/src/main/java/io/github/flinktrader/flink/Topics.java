package io.github.flinktrader.flink;

import java.util.Map;

/** Kafka topic names; the topic map in README says who produces and consumes each. */
public final class Topics {

  public static final String TRADES = "market.trades";
  public static final String BARS_1M = "market.bars.1m";
  public static final String BARS_AGG = "market.bars.agg";
  public static final String SOCIAL_POSTS = "social.posts";
  public static final String SENTIMENT = "sentiment.scores";
  public static final String SENTIMENT_AGGREGATES = "sentiment.aggregates";
  public static final String FEATURES = "features";
  public static final String FORECASTS = "forecasts";
  public static final String FORECASTS_SHADOW = "forecasts.shadow";
  public static final String MODEL_CONTROL = "models.control";
  public static final String RISK_DECISIONS = "risk.decisions";
  public static final String ORDERS = "orders";
  public static final String FILLS = "fills";
  public static final String POSITIONS = "positions";
  public static final String DEAD_LETTERS = "dlq";

  /**
   * The trading control bus: kill switch and resets from operators, alerts from the temporal risk
   * rules. Written without transactions, so a command is visible at once.
   */
  public static final String TRADING_CONTROL = "trading.control";

  /** The account's trading-state transitions. */
  public static final String TRADING_STATE = "trading.state";

  /** Every topic the pipeline uses, in pipeline order. */
  public static final String[] ALL = {
    TRADES,
    BARS_1M,
    BARS_AGG,
    SOCIAL_POSTS,
    SENTIMENT,
    SENTIMENT_AGGREGATES,
    FEATURES,
    FORECASTS,
    FORECASTS_SHADOW,
    MODEL_CONTROL,
    RISK_DECISIONS,
    ORDERS,
    FILLS,
    POSITIONS,
    TRADING_CONTROL,
    TRADING_STATE,
    DEAD_LETTERS
  };

  /**
   * Settings every pipeline topic needs. Records carry their event time as the Kafka timestamp, so
   * replayed history is years old: with time-based retention the broker would delete it at once.
   * Retention is therefore by size (or unlimited, as here); set {@code retention.bytes} in
   * production.
   */
  public static Map<String, String> config() {
    return Map.of("retention.ms", "-1");
  }

  private Topics() {}
}
