package io.github.flinktrader.execution;

import static io.github.flinktrader.execution.Fixtures.T0;
import static io.github.flinktrader.execution.Fixtures.bar;
import static io.github.flinktrader.execution.Fixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.Fill;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.OrderStatus;
import io.github.flinktrader.records.Side;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class SimulatedBrokerTest {

  private static final BrokerConfig CONFIG =
      new BrokerConfig(new BigDecimal("10"), new BigDecimal("5"), 3);

  private static KeyedTwoInputStreamOperatorTestHarness<String, Order, MinuteBar, Fill> harness()
      throws Exception {
    var h = heapHarness();
    h.setStateBackend(new EmbeddedRocksDBStateBackend());
    return h;
  }

  /** The heap backend can count its state entries; RocksDB cannot. */
  private static KeyedTwoInputStreamOperatorTestHarness<String, Order, MinuteBar, Fill>
      heapHarness() throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(
        new KeyedCoProcessOperator<>(new SimulatedBroker(CONFIG)),
        Order::symbol,
        MinuteBar::symbol,
        Types.STRING);
  }

  @Test
  void orderBeforeItsBarFillsAtTheNextBarsOpenWithSlippageAndCommission() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement1(order("a", 1, Side.BUY, "2"), T0 + 60_000);
      assertThat(h.extractOutputValues()).isEmpty();
      h.processElement2(bar(1, "100"), T0 + 119_999);
      Fill f = h.extractOutputValues().get(0);
      assertThat(f.price()).isEqualByComparingTo("100.1"); // 10 bps against a buy
      assertThat(f.commission()).isEqualByComparingTo("0.1001"); // 5 bps of 200.2
      assertThat(f.time()).isEqualTo(T0 + 60_000);
      assertThat(f.fillId()).isEqualTo("a-1");
      Order update = h.getSideOutput(SimulatedBroker.ORDER_UPDATES).peek().getValue();
      assertThat(update.status()).isEqualTo(OrderStatus.FILLED);
    }
  }

  @Test
  void orderAfterItsBarFillsAtTheFirstBarAtOrAfterTheDecisionAcrossGaps() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement2(bar(0, "99"), T0 + 59_999);
      h.processElement2(bar(3, "103"), T0 + 239_999); // minutes 1 and 2 had no trades
      h.processElement2(bar(4, "104"), T0 + 299_999);
      h.processElement1(order("s", 1, Side.SELL, "1"), T0 + 60_000);
      h.processElement1(order("late", 5, Side.BUY, "1"), T0 + 300_000);
      List<Fill> fills = h.extractOutputValues();
      assertThat(fills).hasSize(1);
      assertThat(fills.get(0).price()).isEqualByComparingTo("102.897"); // 103 less 10 bps
      assertThat(fills.get(0).time()).isEqualTo(T0 + 180_000);
      h.processElement2(bar(5, "105"), T0 + 359_999);
      assertThat(h.extractOutputValues())
          .extracting(Fill::clientOrderId)
          .containsExactly("s", "late");
    }
  }

  @Test
  void duplicateBarsAreIgnoredAndOldBarsExpireByTimer() throws Exception {
    try (var h = heapHarness()) {
      h.open();
      h.processElement2(bar(0, "99"), T0 + 59_999);
      h.processElement2(bar(0, "50"), T0 + 59_999);
      h.processElement1(order("a", 0, Side.BUY, "1"), T0);
      assertThat(h.extractOutputValues().get(0).price()).isEqualByComparingTo("99.099");
      assertThat(h.numEventTimeTimers()).isEqualTo(1);
      h.processBothWatermarks(
          new org.apache.flink.streaming.api.watermark.Watermark(T0 + 60_000 + 3 * 60_000));
      assertThat(h.numEventTimeTimers()).isZero();
      assertThat(h.numKeyedStateEntries()).isZero();
    }
  }

  @Test
  void pendingOrdersSurviveASnapshotRestoreOnRocksDb() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.open();
      h.processElement1(order("a", 2, Side.BUY, "1"), T0 + 120_000);
      snapshot = h.snapshot(1, T0 + 120_000);
    }
    try (var h = harness()) {
      h.initializeState(snapshot);
      h.open();
      h.processElement2(bar(2, "100"), T0 + 179_999);
      assertThat(h.extractOutputValues()).extracting(Fill::clientOrderId).containsExactly("a");
      assertThat(h.getSideOutput(SimulatedBroker.ORDER_UPDATES))
          .extracting(StreamRecord::getValue)
          .hasSize(1);
    }
  }
}
