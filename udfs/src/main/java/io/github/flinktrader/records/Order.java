package io.github.flinktrader.records;

import java.math.BigDecimal;

/**
 * An order sent to a broker after the risk gate approved it.
 *
 * @param limitPrice for limit orders, else null
 */
public record Order(
    String clientOrderId,
    String symbol,
    long submittedAt,
    Side side,
    OrderType type,
    BigDecimal quantity,
    BigDecimal limitPrice,
    OrderStatus status)
    implements Event {

  @Override
  public String key() {
    return symbol;
  }

  @Override
  public long eventTime() {
    return submittedAt;
  }
}
