package io.github.flinktrader.records;

/** Order types the brokers accept. */
public enum OrderType {
  MARKET,
  LIMIT,
  STOP,
  STOP_LIMIT
}
