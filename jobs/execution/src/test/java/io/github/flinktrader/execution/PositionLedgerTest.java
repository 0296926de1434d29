package io.github.flinktrader.execution;

import static io.github.flinktrader.execution.Fixtures.T0;
import static io.github.flinktrader.execution.Fixtures.bar;
import static io.github.flinktrader.execution.Fixtures.fill;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.Fill;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Position;
import io.github.flinktrader.records.Side;
import java.math.BigDecimal;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class PositionLedgerTest {

  private static KeyedTwoInputStreamOperatorTestHarness<String, Fill, MinuteBar, Position> harness()
      throws Exception {
    var h =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(new PositionLedger()),
            Fill::symbol,
            MinuteBar::symbol,
            Types.STRING);
    h.setStateBackend(new EmbeddedRocksDBStateBackend());
    return h;
  }

  @Test
  void averagesUpRealisesOnReductionAndFlipsAtTheFillPrice() {
    Position p = Position.flat("BTCUSD");
    p = PositionLedger.apply(p, fill(Side.BUY, "2", "100", "0.2"));
    p = PositionLedger.apply(p, fill(Side.BUY, "2", "110", "0.2"));
    assertThat(p.quantity()).isEqualByComparingTo("4");
    assertThat(p.averagePrice()).isEqualByComparingTo("105");
    assertThat(p.unrealizedPnl()).isEqualByComparingTo("20"); // 4 x (110 - 105)
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
  void marksOpenPositionsWithNewerBarsReportsClosedTradesAndIgnoresRepeatedFills()
      throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.open();
      Fill buy = fill(Side.BUY, "2", "100", "0");
      h.processElement1(buy, T0);
      h.processElement1(buy, T0); // the broker repeated it
      h.processElement2(bar(0, "105"), T0 + 59_999);
      h.processElement2(bar(0, "105"), T0 + 59_999); // no change: no new mark
      assertThat(h.extractOutputValues())
          .extracting(
              p ->
                  p.quantity().toPlainString()
                      + "@"
                      + p.markPrice().toPlainString()
                      + ":"
                      + p.unrealizedPnl().toPlainString())
          .containsExactly("2@100:0", "2@105:10");
      snapshot = h.snapshot(1, T0 + 60_000);
    }
    try (var h = harness()) {
      h.initializeState(snapshot);
      h.open();
      h.processElement1(fill(Side.SELL, "1", "99", "0.5"), T0 + 60_000);
      h.processElement1(fill(Side.SELL, "1", "102", "0.5"), T0 + 120_000);
      assertThat(h.getSideOutput(PositionLedger.CLOSED_TRADES))
          .extracting(StreamRecord::getValue)
          .extracting(t -> t.quantity().toPlainString() + ":" + t.pnl().toPlainString())
          .containsExactly("1:-1.5", "1:1.5");
      Position last = h.extractOutputValues().get(1);
      assertThat(last.quantity()).isEqualByComparingTo("0");
      assertThat(last.realizedPnl()).isEqualByComparingTo("0");
      h.processElement2(bar(3, "200"), T0 + 239_999); // flat: nothing to mark
      assertThat(h.extractOutputValues()).hasSize(2);
    }
  }

  @Test
  void keepsOnePositionPerSymbolInKeyedState() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement1(fill(Side.BUY, "1", "100", "0"), 0);
      Fill eth =
          new Fill(
              "g",
              "o2",
              "ETHUSD",
              0,
              Side.SELL,
              new BigDecimal("3"),
              new BigDecimal("10"),
              BigDecimal.ZERO);
      h.processElement1(eth, 0);
      h.processElement1(fill(Side.BUY, "1", "100", "0"), 0);
      assertThat(h.extractOutputValues())
          .extracting(p -> p.symbol() + ":" + p.quantity().toPlainString())
          .containsExactly("BTCUSD:1", "ETHUSD:-3", "BTCUSD:2");
    }
  }
}
