package io.github.flinktrader.execution;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * Costs and liquidity of the simulated broker.
 *
 * @param slippageBps price moved against the order, in basis points of the fill bar's open
 * @param commissionBps fee in basis points of the fill's value
 * @param barRetentionMinutes how long bars are kept to fill orders that arrive after them
 * @param participation the largest share of a bar's volume the broker's fills may take (orders
 *     larger than that fill partially over several bars)
 * @param expireAfterMinutes an order not filled completely this long after it was sent expires
 */
public record BrokerConfig(
    BigDecimal slippageBps,
    BigDecimal commissionBps,
    int barRetentionMinutes,
    BigDecimal participation,
    int expireAfterMinutes)
    implements Serializable {

  public static BrokerConfig defaults() {
    return new BrokerConfig(
        new BigDecimal("2"), new BigDecimal("10"), 180, new BigDecimal("0.25"), 60);
  }
}
