package io.github.flinktrader.execution;

import static io.github.flinktrader.execution.Fixtures.forecast;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.OrderIntent;
import io.github.flinktrader.records.Side;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class QuantileEdgeStrategyTest {

  private final QuantileEdgeStrategy strategy = new QuantileEdgeStrategy(StrategyConfig.defaults());

  @Test
  void targetGrowsWithEdgeAndIsCappedAndRoundedDownToTheLot() {
    // edge = 0.01 / 0.2 = 0.05: exactly at the threshold, so flat.
    assertThat(strategy.targetPosition(forecast(0, 0.01, 0.1, false))).isEqualByComparingTo("0");
    // edge = 0.02 / 0.2 = 0.1: strength 0.05 x gain 2 = 10% of 50,000 USD at 100 = 50 units.
    assertThat(strategy.targetPosition(forecast(0, 0.02, 0.1, false))).isEqualByComparingTo("50");
    // A huge edge is capped at the strategy's 50,000 USD.
    assertThat(strategy.targetPosition(forecast(0, 0.5, 0.1, false))).isEqualByComparingTo("500");
    assertThat(strategy.targetPosition(forecast(0, -0.5, 0.1, false))).isEqualByComparingTo("-500");
    assertThat(strategy.targetPosition(forecast(0, 0.0213, 0.1, false)).scale()).isEqualTo(4);
  }

  @Test
  void fallbackOrDegenerateForecastsGoFlat() {
    assertThat(strategy.targetPosition(forecast(0, 0.5, 0.1, true))).isEqualByComparingTo("0");
    assertThat(strategy.targetPosition(forecast(0, 0.5, 0, false))).isEqualByComparingTo("0");
  }

  @Test
  void ordersMoveTowardTheTargetByAtMostTheOrderCap() {
    OrderIntent buy = strategy.decide(forecast(3, 0.5, 0.1, false), BigDecimal.ZERO).orElseThrow();
    assertThat(buy.side()).isEqualTo(Side.BUY);
    assertThat(buy.quantity()).isEqualByComparingTo("200"); // 20,000 USD cap at 100
    assertThat(buy.targetPosition()).isEqualByComparingTo("500");
    assertThat(buy.clientOrderId())
        .isEqualTo("qedge1-BTCUSD-" + Long.toString(Fixtures.T0 + 180_000, 36));
    assertThat(buy.clientOrderId().length()).isLessThanOrEqualTo(48);
    assertThat(buy.violation()).isEmpty();

    OrderIntent sell =
        strategy.decide(forecast(3, 0, 0.1, false), new BigDecimal("30")).orElse(null);
    assertThat(sell).isNull(); // 30 units = 3,000 USD, inside the 5,000 USD rebalancing band
    OrderIntent close =
        strategy.decide(forecast(3, 0, 0.1, false), new BigDecimal("80")).orElseThrow();
    assertThat(close.side()).isEqualTo(Side.SELL);
    assertThat(close.quantity()).isEqualByComparingTo("80");
  }

  @Test
  void theSameDecisionGetsTheSameIdOnReplay() {
    var a = strategy.decide(forecast(7, 0.5, 0.1, false), BigDecimal.ZERO).orElseThrow();
    var b = strategy.decide(forecast(7, 0.5, 0.1, false), BigDecimal.ZERO).orElseThrow();
    assertThat(a).isEqualTo(b);
  }

  @Test
  void aStaleForecastMeansFlat() {
    OrderIntent close =
        strategy.decide(forecast(3, 0.5, 0.1, false), new BigDecimal("80"), true).orElseThrow();
    assertThat(close.side()).isEqualTo(Side.SELL);
    assertThat(close.targetPosition()).isEqualByComparingTo("0");
  }

  @Test
  void clientOrderIdsStayWithin48CharactersAndDeterministicForLongSymbols() {
    String longSymbol = "X:" + "VERYLONGTOKENNAME".repeat(3) + "USD";
    String a = QuantileEdgeStrategy.clientOrderId("strategy16chars_", longSymbol, Fixtures.T0);
    String b = QuantileEdgeStrategy.clientOrderId("strategy16chars_", longSymbol, Fixtures.T0);
    String other =
        QuantileEdgeStrategy.clientOrderId("strategy16chars_", longSymbol + "X", Fixtures.T0);
    // 44, so an iceberg's children (<id>-<k>) stay within the brokers' 48.
    assertThat(a).hasSizeLessThanOrEqualTo(44).isEqualTo(b).isNotEqualTo(other);
    assertThat(a).startsWith("strategy16chars_-X:VERY").endsWith(Long.toString(Fixtures.T0, 36));
  }

  @Test
  void aStrategyIdThatCouldOverflowTheIdIsRefusedAtConfiguration() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new StrategyConfig(
                    "a-strategy-id-far-too-long",
                    0,
                    0.05,
                    2,
                    BigDecimal.ONE,
                    BigDecimal.ONE,
                    BigDecimal.ONE,
                    4,
                    BigDecimal.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1-16");
  }

  @Test
  void ordersAboveTheDisplaySizeGoOutAsIcebergs() {
    QuantileEdgeStrategy ice =
        new QuantileEdgeStrategy(StrategyConfig.defaults().withIceberg(new BigDecimal("6000")));
    OrderIntent buy = ice.decide(forecast(3, 0.5, 0.1, false), BigDecimal.ZERO).orElseThrow();
    var order = ice.order(buy, buy.quantity()); // 200 units at 100 = 20,000 USD
    assertThat(order.iceberg()).isTrue();
    assertThat(order.displayQuantity()).isEqualByComparingTo("60");
    assertThat(order.child(1).clientOrderId()).isEqualTo(buy.clientOrderId() + "-1");
    assertThat(order.child(1).quantity()).isEqualByComparingTo("60");
    assertThat(ice.order(buy, new BigDecimal("50")).iceberg()).isFalse(); // 5,000 USD: whole
    assertThat(strategy.order(buy, buy.quantity()).iceberg()).isFalse(); // off by default
  }
}
