package io.github.flinktrader.execution;

/** Operator uids of the execution job. Released uids never change: savepoints restore by them. */
final class ExecutionUids {
  static final String FORECASTS_SOURCE = "execution.forecasts-source";
  static final String BARS_SOURCE = "execution.bars-source";
  static final String PARSE_FORECASTS = "execution.parse-forecasts";
  static final String PARSE_BARS = "execution.parse-bars";
  static final String STRATEGY_AND_RISK = "execution.strategy-risk-gate";
  static final String SIMULATED_BROKER = "execution.simulated-broker";
  static final String LEDGER = "execution.position-ledger";
  static final String DECISIONS_KAFKA = "execution.risk-decisions-kafka-sink";
  static final String DECISIONS_DB = "execution.risk-decisions-db-sink";
  static final String ORDERS_KAFKA = "execution.orders-kafka-sink";
  static final String ORDERS_DB = "execution.orders-db-sink";
  static final String FILLS_KAFKA = "execution.fills-kafka-sink";
  static final String FILLS_DB = "execution.fills-db-sink";
  static final String POSITIONS_KAFKA = "execution.positions-kafka-sink";
  static final String POSITIONS_DB = "execution.positions-db-sink";
  static final String DLQ_KAFKA = "execution.dlq-kafka-sink";
  static final String DLQ_DB = "execution.dlq-db-sink";

  private ExecutionUids() {}
}
