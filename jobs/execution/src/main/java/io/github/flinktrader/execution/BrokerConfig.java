package io.github.flinktrader.execution;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * Costs of the simulated broker.
 *
 * @param slippageBps price moved against the order, in basis points of the fill bar's open
 * @param commissionBps fee in basis points of the fill's value
 * @param barRetentionMinutes how long bars are kept to fill orders that arrive after them
 */
public record BrokerConfig(
    BigDecimal slippageBps, BigDecimal commissionBps, int barRetentionMinutes)
    implements Serializable {

  public static BrokerConfig defaults() {
    return new BrokerConfig(new BigDecimal("2"), new BigDecimal("10"), 180);
  }
}
