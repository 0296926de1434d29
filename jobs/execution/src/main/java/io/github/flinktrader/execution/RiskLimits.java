package io.github.flinktrader.execution;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * The pre-trade limits every order must pass.
 *
 * @param maxPositionNotional the largest |position after the order| x reference price
 * @param maxOrderNotional the largest value of one order (fat-finger limit)
 */
public record RiskLimits(BigDecimal maxPositionNotional, BigDecimal maxOrderNotional)
    implements Serializable {

  public static RiskLimits defaults() {
    return new RiskLimits(new BigDecimal("100000"), new BigDecimal("25000"));
  }
}
