package io.github.flinktrader.records;

/** Order lifecycle states as brokers report them. */
public enum OrderStatus {
  NEW,
  PARTIALLY_FILLED,
  FILLED,
  CANCELED,
  REJECTED
}
