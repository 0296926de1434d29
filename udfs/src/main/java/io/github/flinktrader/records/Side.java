package io.github.flinktrader.records;

/** Order side; {@link #sign()} is the sign of the position change. */
public enum Side {
  BUY,
  SELL;

  public int sign() {
    return this == BUY ? 1 : -1;
  }
}
