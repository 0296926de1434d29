package io.github.flinktrader.records;

import java.math.BigDecimal;

/**
 * One execution of (part of) an order.
 *
 * @param fillId unique per fill, deterministic for simulated fills
 * @param commission fee paid, in quote currency
 */
public record Fill(
    String fillId,
    String clientOrderId,
    String symbol,
    long time,
    Side side,
    BigDecimal quantity,
    BigDecimal price,
    BigDecimal commission)
    implements Event {

  @Override
  public String key() {
    return symbol;
  }

  @Override
  public long eventTime() {
    return time;
  }

  /** Signed change of the position this fill causes. */
  public BigDecimal signedQuantity() {
    return side == Side.BUY ? quantity : quantity.negate();
  }
}
