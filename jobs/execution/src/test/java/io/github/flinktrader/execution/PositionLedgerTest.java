package io.github.flinktrader.execution;

import static io.github.flinktrader.execution.Fixtures.fill;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.Fill;
import io.github.flinktrader.records.Position;
import io.github.flinktrader.records.Side;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class PositionLedgerTest {

  @Test
  void averagesUpRealisesOnReductionAndFlipsAtTheFillPrice() {
    Position p = Position.flat("BTCUSD");
    p = PositionLedger.apply(p, fill(Side.BUY, "2", "100", "0.2"));
    p = PositionLedger.apply(p, fill(Side.BUY, "2", "110", "0.2"));
    assertThat(p.quantity()).isEqualByComparingTo("4");
    assertThat(p.averagePrice()).isEqualByComparingTo("105");
    p = PositionLedger.apply(p, fill(Side.SELL, "1", "120", "0.1"));
    // 1 x (120 - 105) = 15, less 0.5 commission in all
    assertThat(p.realizedPnl()).isEqualByComparingTo("14.5");
    assertThat(p.averagePrice()).isEqualByComparingTo("105");
    p = PositionLedger.apply(p, fill(Side.SELL, "5", "90", "0.5"));
    // closes 3 at 90: 3 x -15 = -45; then short 2 opened at 90
    assertThat(p.quantity()).isEqualByComparingTo("-2");
    assertThat(p.averagePrice()).isEqualByComparingTo("90");
    assertThat(p.realizedPnl()).isEqualByComparingTo("-31");
    p = PositionLedger.apply(p, fill(Side.BUY, "2", "80", "0"));
    assertThat(p.quantity()).isEqualByComparingTo("0");
    assertThat(p.averagePrice()).isEqualByComparingTo("0");
    assertThat(p.realizedPnl()).isEqualByComparingTo("-11"); // short 2 from 90 to 80: +20
    // Flat: the cash flow is the realised PnL.
    assertThat(p.cashFlow()).isEqualByComparingTo(p.realizedPnl());
    assertThat(p.fills()).isEqualTo(5);
  }

  @Test
  void keepsOnePositionPerSymbolInKeyedState() throws Exception {
    try (var h =
        new KeyedOneInputStreamOperatorTestHarness<String, Fill, Position>(
            new KeyedProcessOperator<>(new PositionLedger()), Fill::symbol, Types.STRING)) {
      h.open();
      h.processElement(fill(Side.BUY, "1", "100", "0"), 0);
      Fill eth =
          new Fill(
              "g",
              "o2",
              "ETHUSD",
              0,
              Side.SELL,
              new java.math.BigDecimal("3"),
              new java.math.BigDecimal("10"),
              java.math.BigDecimal.ZERO);
      h.processElement(eth, 0);
      h.processElement(fill(Side.BUY, "1", "100", "0"), 0);
      assertThat(h.extractOutputValues())
          .extracting(p -> p.symbol() + ":" + p.quantity().toPlainString())
          .containsExactly("BTCUSD:1", "ETHUSD:-3", "BTCUSD:2");
      assertThat(h.numKeyedStateEntries()).isEqualTo(2);
    }
  }
}
