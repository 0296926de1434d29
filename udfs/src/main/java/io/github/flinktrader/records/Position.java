package io.github.flinktrader.records;

import java.math.BigDecimal;

/**
 * The ledger's position in one symbol after a fill.
 *
 * @param quantity signed quantity held
 * @param averagePrice average entry price of the open quantity (zero when flat)
 * @param realizedPnl profit realised by closing trades, after commissions
 * @param cashFlow net cash from all fills in this symbol (sells add, buys and fees subtract); the
 *     mark-to-market PnL at price p is {@code cashFlow + quantity * p}
 * @param markPrice the latest price the position is marked at (the last fill's or the newest bar's
 *     close)
 * @param unrealizedPnl {@code quantity * (markPrice - averagePrice)}
 */
public record Position(
    String symbol,
    long time,
    BigDecimal quantity,
    BigDecimal averagePrice,
    BigDecimal realizedPnl,
    BigDecimal cashFlow,
    int fills,
    BigDecimal markPrice,
    BigDecimal unrealizedPnl)
    implements Event {

  @Override
  public String key() {
    return symbol;
  }

  @Override
  public long eventTime() {
    return time;
  }

  public static Position flat(String symbol) {
    return new Position(
        symbol,
        0L,
        BigDecimal.ZERO,
        BigDecimal.ZERO,
        BigDecimal.ZERO,
        BigDecimal.ZERO,
        0,
        BigDecimal.ZERO,
        BigDecimal.ZERO);
  }

  /** The same position marked at {@code price} at {@code t}. */
  public Position markedAt(BigDecimal price, long t) {
    return new Position(
        symbol,
        t,
        quantity,
        averagePrice,
        realizedPnl,
        cashFlow,
        fills,
        price,
        quantity.multiply(price.subtract(averagePrice)).stripTrailingZeros());
  }
}
