package io.github.flinktrader.execution;

import io.github.flinktrader.records.OrderIntent;
import io.github.flinktrader.records.RiskDecision;
import io.github.flinktrader.records.RiskVerdict;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Checks one order intent against the {@link RiskLimits}, independently of the strategy that made
 * it, and says why when it refuses. Every check is done in decimal arithmetic.
 */
public final class PreTradeRiskGate implements Serializable {

  private static final long serialVersionUID = 1L;

  private final RiskLimits limits;

  public PreTradeRiskGate(RiskLimits limits) {
    this.limits = limits;
  }

  public RiskDecision check(OrderIntent intent, BigDecimal positionBefore) {
    Optional<String> malformed = intent.violation();
    BigDecimal signed =
        intent.quantity() == null || intent.side() == null
            ? BigDecimal.ZERO
            : intent.side().sign() > 0 ? intent.quantity() : intent.quantity().negate();
    BigDecimal after = positionBefore.add(signed);
    BigDecimal notional =
        malformed.isPresent()
            ? BigDecimal.ZERO
            : intent.quantity().multiply(intent.referencePrice());
    String reason;
    if (malformed.isPresent()) {
      reason = "malformed-order: " + malformed.get();
    } else if (notional.compareTo(limits.maxOrderNotional()) > 0) {
      reason =
          "max-order-notional: " + notional.toPlainString() + " > " + limits.maxOrderNotional();
    } else if (after.abs().multiply(intent.referencePrice()).compareTo(limits.maxPositionNotional())
        > 0) {
      reason =
          "max-position-notional: |"
              + after.toPlainString()
              + "| x "
              + intent.referencePrice()
              + " > "
              + limits.maxPositionNotional();
    } else {
      reason = "ok";
    }
    return new RiskDecision(
        intent.clientOrderId(),
        intent.symbol(),
        intent.decisionTime(),
        "ok".equals(reason) ? RiskVerdict.APPROVED : RiskVerdict.REJECTED,
        reason,
        intent.side(),
        intent.quantity() == null ? BigDecimal.ZERO : intent.quantity(),
        intent.referencePrice() == null ? BigDecimal.ZERO : intent.referencePrice(),
        notional,
        positionBefore,
        "ok".equals(reason) ? after : positionBefore);
  }
}
