package io.github.flinktrader.records;

/** Order lifecycle states as brokers report them. */
public enum OrderStatus {
  /** Approved by the risk gate, not yet acknowledged by the broker. */
  NEW,
  /** Acknowledged by the broker, working. */
  ACCEPTED,
  PARTIALLY_FILLED,
  FILLED,
  CANCELED,
  EXPIRED,
  REJECTED
}
