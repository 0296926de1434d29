package io.github.flinktrader.execution;

/**
 * Operator uids of the execution job. Released uids never change: savepoints restore by them. Sink
 * uids are derived by {@link io.github.flinktrader.flink.JobIo#write}.
 */
final class ExecutionUids {
  static final String FORECASTS_SOURCE = "execution.forecasts-source";
  static final String BARS_SOURCE = "execution.bars-source";
  static final String PARSE_FORECASTS = "execution.parse-forecasts";
  static final String PARSE_BARS = "execution.parse-bars";
  static final String STRATEGY_AND_RISK = "execution.strategy-risk-gate";
  static final String SIMULATED_BROKER = "execution.simulated-broker";
  static final String LEDGER = "execution.position-ledger";

  private ExecutionUids() {}
}
