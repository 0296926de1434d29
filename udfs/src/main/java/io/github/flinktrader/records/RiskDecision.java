package io.github.flinktrader.records;

import java.math.BigDecimal;

/**
 * The risk gate's decision on one order intent, kept for audit whether approved or not.
 *
 * @param reason why it was rejected, or {@code ok}
 * @param notional unsigned order value at the reference price
 * @param positionBefore signed position before the order
 * @param positionAfter signed position after the decision: as if the order fills completely when
 *     approved, unchanged when rejected
 */
public record RiskDecision(
    String clientOrderId,
    String symbol,
    long decisionTime,
    RiskVerdict verdict,
    String reason,
    Side side,
    BigDecimal quantity,
    BigDecimal referencePrice,
    BigDecimal notional,
    BigDecimal positionBefore,
    BigDecimal positionAfter)
    implements Event {

  @Override
  public String key() {
    return symbol;
  }

  @Override
  public long eventTime() {
    return decisionTime;
  }

  public boolean approved() {
    return verdict == RiskVerdict.APPROVED;
  }
}
