package io.github.flinktrader.execution;

/**
 * Operator uids of the execution job. Released uids never change: savepoints restore by them. Sink
 * uids are derived by {@link io.github.flinktrader.flink.JobIo#write}.
 */
final class ExecutionUids {
  static final String FORECASTS_SOURCE = "execution.forecasts-source";
  static final String BARS_SOURCE = "execution.bars-source";
  static final String CONTROL_SOURCE = "execution.control-source";
  static final String PARSE_FORECASTS = "execution.parse-forecasts";
  static final String PARSE_BARS = "execution.parse-bars";
  static final String PARSE_CONTROL = "execution.parse-control";
  static final String NEWEST_BARS = "execution.newest-bars";
  static final String ADMIT_COMMANDS = "execution.admit-commands";
  static final String FEEDBACK_SOURCE = "execution.broker-feedback-source";
  static final String PARSE_FEEDBACK = "execution.parse-broker-feedback";
  static final String ADMIT_FEEDBACK = "execution.admit-broker-feedback";

  /**
   * The account-keyed strategy and risk gate (replaced the per-symbol
   * execution.strategy-risk-gate).
   */
  static final String RISK_GATE = "execution.risk-gate";

  static final String PRICE_MOVE_RULE = "execution.rule.price-move";
  static final String ORDER_BURST_RULE = "execution.rule.order-burst";
  static final String BROKER_REJECTIONS_RULE = "execution.rule.broker-rejections";
  static final String LOSING_STREAK_RULE = "execution.rule.losing-streak";

  /** Replaced execution.simulated-broker (partial fills, kill switch: new state). */
  static final String SIMULATED_BROKER = "execution.broker.simulated";

  static final String ALPACA_BROKER = "execution.broker.alpaca";
  static final String ALPACA_UPDATES = "execution.broker.alpaca-updates";

  /** Replaced execution.position-ledger (marks and closed trades: new state). */
  static final String LEDGER = "execution.ledger";

  private ExecutionUids() {}
}
