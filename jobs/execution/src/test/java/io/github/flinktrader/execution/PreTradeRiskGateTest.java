package io.github.flinktrader.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.OrderIntent;
import io.github.flinktrader.records.RiskDecision;
import io.github.flinktrader.records.RiskVerdict;
import io.github.flinktrader.records.Side;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PreTradeRiskGateTest {

  private final PreTradeRiskGate gate = new PreTradeRiskGate(RiskLimits.defaults());

  private static OrderIntent intent(Side side, String qty, String price) {
    return new OrderIntent(
        "id-1",
        "s",
        "BTCUSD",
        1L,
        side,
        qty == null ? null : new BigDecimal(qty),
        price == null ? null : new BigDecimal(price),
        BigDecimal.ZERO,
        "m");
  }

  @Test
  void approvesWithinLimits() {
    RiskDecision d = gate.check(intent(Side.BUY, "100", "250"), new BigDecimal("50"));
    assertThat(d.verdict()).isEqualTo(RiskVerdict.APPROVED);
    assertThat(d.reason()).isEqualTo("ok");
    assertThat(d.notional()).isEqualByComparingTo("25000");
    assertThat(d.positionAfter()).isEqualByComparingTo("150");
  }

  @Test
  void rejectsAnOrderAboveTheOrderNotionalLimit() {
    RiskDecision d = gate.check(intent(Side.BUY, "100.0001", "250"), BigDecimal.ZERO);
    assertThat(d.verdict()).isEqualTo(RiskVerdict.REJECTED);
    assertThat(d.reason()).startsWith("max-order-notional");
    assertThat(d.positionAfter()).isEqualByComparingTo("0");
  }

  @Test
  void rejectsAnOrderThatWouldTakeThePositionBeyondItsLimitEitherWay() {
    assertThat(gate.check(intent(Side.BUY, "10", "1000"), new BigDecimal("95")).reason())
        .startsWith("max-position-notional");
    assertThat(gate.check(intent(Side.SELL, "10", "1000"), new BigDecimal("-95")).reason())
        .startsWith("max-position-notional");
    // Reducing a position that is already over the limit is allowed only back within it.
    assertThat(gate.check(intent(Side.SELL, "10", "1000"), new BigDecimal("105")).verdict())
        .isEqualTo(RiskVerdict.APPROVED);
  }

  @Test
  void rejectsMalformedOrdersWithTheirReason() {
    assertThat(gate.check(intent(Side.BUY, "0", "100"), BigDecimal.ZERO).reason())
        .contains("quantity must be positive");
    assertThat(gate.check(intent(Side.BUY, "-1", "100"), BigDecimal.ZERO).reason())
        .startsWith("malformed-order");
    assertThat(gate.check(intent(Side.BUY, null, "100"), BigDecimal.ZERO).reason())
        .contains("quantity is missing");
    assertThat(gate.check(intent(Side.BUY, "1", null), BigDecimal.ZERO).reason())
        .contains("referencePrice is missing");
    assertThat(gate.check(intent(null, "1", "100"), BigDecimal.ZERO).verdict())
        .isEqualTo(RiskVerdict.REJECTED);
  }
}
