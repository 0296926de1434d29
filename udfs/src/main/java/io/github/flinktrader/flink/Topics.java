package io.github.flinktrader.flink;

import io.github.flinktrader.records.AggregateBar;
import io.github.flinktrader.records.ControlAck;
import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Event;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.Fill;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.ModelAnnouncement;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.Position;
import io.github.flinktrader.records.RiskDecision;
import io.github.flinktrader.records.SentimentAggregate;
import io.github.flinktrader.records.SentimentScore;
import io.github.flinktrader.records.SocialPost;
import io.github.flinktrader.records.Trade;
import io.github.flinktrader.records.TradingStateChange;
import java.util.Map;

/** Kafka topic names; the topic map in docs/architecture.md says who produces and consumes each. */
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

  /**
   * The execution jobs' answers to the control bus's operator commands: applied (and what changed)
   * or refused (and why). Written without transactions; {@code ./run tool kill} waits for its
   * answer here.
   */
  public static final String CONTROL_ACKS = "trading.control.acks";

  /**
   * The broker's feedback to its own job's gate (UNFILLED: what an approved order will not fill).
   * Only the execution job writes it, so a broker-only command never comes from the operators'
   * control bus.
   */
  public static final String BROKER_FEEDBACK = "broker.feedback";

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
    CONTROL_ACKS,
    BROKER_FEEDBACK,
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

  private static final Map<String, Class<? extends Event>> RECORD_TYPES =
      Map.ofEntries(
          Map.entry(TRADES, Trade.class),
          Map.entry(BARS_1M, MinuteBar.class),
          Map.entry(BARS_AGG, AggregateBar.class),
          Map.entry(SOCIAL_POSTS, SocialPost.class),
          Map.entry(SENTIMENT, SentimentScore.class),
          Map.entry(SENTIMENT_AGGREGATES, SentimentAggregate.class),
          Map.entry(FEATURES, FeatureVector.class),
          Map.entry(FORECASTS, Forecast.class),
          Map.entry(FORECASTS_SHADOW, Forecast.class),
          Map.entry(MODEL_CONTROL, ModelAnnouncement.class),
          Map.entry(RISK_DECISIONS, RiskDecision.class),
          Map.entry(ORDERS, Order.class),
          Map.entry(FILLS, Fill.class),
          Map.entry(POSITIONS, Position.class),
          Map.entry(TRADING_CONTROL, ControlCommand.class),
          Map.entry(CONTROL_ACKS, ControlAck.class),
          Map.entry(BROKER_FEEDBACK, ControlCommand.class),
          Map.entry(TRADING_STATE, TradingStateChange.class),
          Map.entry(DEAD_LETTERS, DeadLetter.class));

  /** The record type {@code topic} carries. */
  public static Class<? extends Event> recordType(String topic) {
    Class<? extends Event> type = RECORD_TYPES.get(topic);
    if (type == null) {
      throw new IllegalArgumentException("no record type is known for topic " + topic);
    }
    return type;
  }

  private Topics() {}
}
