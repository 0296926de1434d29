package io.github.flinktrader.execution;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * Sizing of {@link QuantileEdgeStrategy}.
 *
 * @param strategyId short id that prefixes every client order id
 * @param horizonIndex which forecast horizon the strategy trades on (0 = the shortest)
 * @param edgeThreshold minimum |edge| (expected return / P10-P90 width) to hold a position
 * @param gain position fraction per unit of edge above the threshold, capped at 1
 * @param maxPositionNotional the strategy's own cap on |position| x price, below the risk limit
 * @param maxOrderNotional the strategy's own cap on one order's value, below the risk limit
 * @param minOrderNotional changes smaller than this are not worth an order (a rebalancing band that
 *     keeps the strategy from paying commission on every small change of the forecast)
 * @param quantityScale decimal places of an order quantity (the instrument's lot size)
 * @param icebergDisplayNotional an order worth more than this goes out as an iceberg showing at
 *     most this much at a time (child orders, each sent when the one before filled); 0 sends every
 *     order whole (the default)
 */
public record StrategyConfig(
    String strategyId,
    int horizonIndex,
    double edgeThreshold,
    double gain,
    BigDecimal maxPositionNotional,
    BigDecimal maxOrderNotional,
    BigDecimal minOrderNotional,
    int quantityScale,
    BigDecimal icebergDisplayNotional)
    implements Serializable {

  public StrategyConfig {
    if (strategyId == null || !strategyId.matches("[A-Za-z0-9_]{1,16}")) {
      throw new IllegalArgumentException(
          "strategyId must be 1-16 letters, digits or underscores, was " + strategyId);
    }
  }

  public static StrategyConfig defaults() {
    return new StrategyConfig(
        "qedge1",
        0,
        0.05,
        2.0,
        new BigDecimal("50000"),
        new BigDecimal("20000"),
        new BigDecimal("5000"),
        4,
        BigDecimal.ZERO);
  }

  /** The same sizing, with orders above {@code display} USD sent as icebergs. */
  public StrategyConfig withIceberg(BigDecimal display) {
    return new StrategyConfig(
        strategyId,
        horizonIndex,
        edgeThreshold,
        gain,
        maxPositionNotional,
        maxOrderNotional,
        minOrderNotional,
        quantityScale,
        display);
  }
}
