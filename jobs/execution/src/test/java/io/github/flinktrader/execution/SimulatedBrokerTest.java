package io.github.flinktrader.execution;

import static io.github.flinktrader.execution.Fixtures.T0;
import static io.github.flinktrader.execution.Fixtures.bar;
import static io.github.flinktrader.execution.Fixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Fill;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.OrderStatus;
import io.github.flinktrader.records.OrderType;
import io.github.flinktrader.records.Side;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

class SimulatedBrokerTest {

  /** 10 bps slippage, 5 bps commission, bars kept 3 minutes, 50% participation, expiry 10 min. */
  private static final BrokerConfig CONFIG =
      new BrokerConfig(new BigDecimal("10"), new BigDecimal("5"), 3, new BigDecimal("0.5"), 10);

  private static KeyedBroadcastOperatorTestHarness<String, BrokerInput, ControlCommand, Fill>
      harness(boolean rocks) throws Exception {
    var h =
        new KeyedBroadcastOperatorTestHarness<String, BrokerInput, ControlCommand, Fill>(
            new CoBroadcastWithKeyedOperator<>(
                new SimulatedBroker(CONFIG), List.of(SimulatedBroker.CONTROL)),
            BrokerInput::symbol,
            Types.STRING,
            1,
            1,
            0);
    if (rocks) {
      h.setStateBackend(new EmbeddedRocksDBStateBackend());
    }
    return h;
  }

  /**
   * Sends {@code o} and lets the watermark follow its time (the broker holds inputs until the
   * watermark passes them; an input older than the watermark is worked at once).
   */
  private static void send(
      KeyedBroadcastOperatorTestHarness<String, BrokerInput, ControlCommand, Fill> h, Order o)
      throws Exception {
    h.processElement(new BrokerInput(o, null), o.submittedAt());
    advance(h, o.submittedAt());
  }

  private static void send(
      KeyedBroadcastOperatorTestHarness<String, BrokerInput, ControlCommand, Fill> h, MinuteBar b)
      throws Exception {
    h.processElement(new BrokerInput(null, b), b.end() - 1);
    advance(h, b.end() - 1);
  }

  private static final java.util.Map<Object, Long> WATERMARKS = new java.util.IdentityHashMap<>();

  private static void advance(
      KeyedBroadcastOperatorTestHarness<String, BrokerInput, ControlCommand, Fill> h, long t)
      throws Exception {
    long current = WATERMARKS.getOrDefault(h, Long.MIN_VALUE);
    if (t > current) {
      WATERMARKS.put(h, t);
      h.processWatermark(new Watermark(t));
      h.processBroadcastWatermark(new Watermark(t));
    }
  }

  private static List<Order> updates(
      KeyedBroadcastOperatorTestHarness<String, BrokerInput, ControlCommand, Fill> h) {
    var q = h.getSideOutput(SimulatedBroker.ORDER_UPDATES);
    return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void orderBeforeItsBarFillsAtTheNextBarsOpenWithSlippageAndCommission() throws Exception {
    try (var h = harness(true)) {
      h.open();
      send(h, order("a", 1, Side.BUY, "2"));
      assertThat(h.extractOutputValues()).isEmpty();
      assertThat(updates(h)).extracting(Order::status).containsExactly(OrderStatus.ACCEPTED);
      send(h, bar(1, "100"));
      Fill f = h.extractOutputValues().get(0);
      assertThat(f.price()).isEqualByComparingTo("100.1"); // 10 bps against a buy
      assertThat(f.commission()).isEqualByComparingTo("0.1001"); // 5 bps of 200.2
      assertThat(f.time()).isEqualTo(T0 + 60_000);
      assertThat(updates(h).get(1).status()).isEqualTo(OrderStatus.FILLED);
      assertThat(updates(h).get(1).filledQuantity()).isEqualByComparingTo("2");
    }
  }

  @Test
  void orderAfterItsBarFillsAtTheFirstBarAtOrAfterTheDecisionAcrossGaps() throws Exception {
    try (var h = harness(true)) {
      h.open();
      send(h, bar(0, "99"));
      send(h, bar(3, "103")); // minutes 1 and 2 had no trades
      send(h, bar(4, "104"));
      send(h, order("s", 1, Side.SELL, "1"));
      send(h, order("late", 5, Side.BUY, "1"));
      List<Fill> fills = h.extractOutputValues();
      assertThat(fills).hasSize(1);
      assertThat(fills.get(0).price()).isEqualByComparingTo("102.897"); // 103 less 10 bps
      assertThat(fills.get(0).time()).isEqualTo(T0 + 180_000);
      send(h, bar(5, "105"));
      assertThat(h.extractOutputValues())
          .extracting(Fill::clientOrderId)
          .containsExactly("s", "late");
    }
  }

  @Test
  void largeOrdersFillPartiallyByTheParticipationLimitSharedInTheBar() throws Exception {
    try (var h = harness(true)) {
      h.open();
      send(h, order("big", 0, Side.BUY, "7"));
      send(h, order("small", 0, Side.BUY, "1"));
      send(h, bar(0, "100", "4")); // 50% of 4 = 2: all to the first order
      send(h, bar(1, "100", "10")); // 5: the rest of big (5), nothing for small
      send(h, bar(2, "100", "0")); // no volume, no fill
      send(h, bar(3, "100", "10"));
      assertThat(h.extractOutputValues())
          .extracting(f -> f.clientOrderId() + ":" + f.quantity().toPlainString())
          .containsExactly("big:2", "big:5", "small:1");
      assertThat(updates(h))
          .filteredOn(o -> o.clientOrderId().equals("big"))
          .extracting(o -> o.status() + ":" + o.filledQuantity().toPlainString())
          .containsExactly("ACCEPTED:0", "PARTIALLY_FILLED:2", "FILLED:7");
      assertThat(h.extractOutputValues()).extracting(Fill::fillId).doesNotHaveDuplicates();
    }
  }

  @Test
  void limitAndStopOrdersFillOnlyWhenTheBarReachesThem() throws Exception {
    try (var h = harness(false)) {
      h.open();
      Order limit =
          new Order(
              "lim",
              "BTCUSD",
              T0,
              Side.BUY,
              OrderType.LIMIT,
              BigDecimal.ONE,
              new BigDecimal("95"),
              null,
              null,
              null,
              null,
              OrderStatus.NEW,
              BigDecimal.ZERO,
              null,
              null);
      Order stop =
          new Order(
              "stp",
              "BTCUSD",
              T0,
              Side.SELL,
              OrderType.STOP,
              BigDecimal.ONE,
              null,
              new BigDecimal("90"),
              null,
              null,
              null,
              OrderStatus.NEW,
              BigDecimal.ZERO,
              null,
              null);
      send(h, limit);
      send(h, stop);
      send(h, bar(0, "100", "101", "96", "98", "100")); // neither reached
      assertThat(h.extractOutputValues()).isEmpty();
      send(h, bar(1, "98", "99", "89", "92", "100")); // both reached
      assertThat(h.extractOutputValues())
          .extracting(f -> f.clientOrderId() + "@" + f.price().toPlainString())
          .containsExactlyInAnyOrder("lim@95", "stp@89.91"); // the stop sells at 90 less slippage
    }
  }

  @Test
  void theKillSwitchCancelsEveryOpenOrderOfEverySymbol() throws Exception {
    try (var h = harness(true)) {
      h.open();
      send(h, order("a", 0, Side.BUY, "7"));
      Order eth = Order.market("e", "ETHUSD", T0, Side.SELL, BigDecimal.ONE);
      send(h, eth);
      send(h, bar(0, "100", "4")); // a: 2 of 7 filled
      h.processBroadcastElement(
          new ControlCommand(
              "paper", ControlCommand.Kind.KILL, null, T0 + 90_000, 0, "operator:test", "stop"),
          T0 + 90_000);
      assertThat(updates(h))
          .filteredOn(o -> o.status() == OrderStatus.CANCELED)
          .extracting(
              o -> o.clientOrderId() + ":" + o.filledQuantity().toPlainString() + ":" + o.reason())
          .containsExactlyInAnyOrder("a:2:kill switch: stop", "e:0:kill switch: stop");
      send(h, bar(1, "100", "100"));
      assertThat(h.extractOutputValues()).hasSize(1); // nothing fills after the kill
    }
  }

  @Test
  void unfilledOrdersExpireAndOldBarsAreCleanedUp() throws Exception {
    try (var h = harness(false)) {
      h.open();
      send(h, order("x", 0, Side.BUY, "100"));
      send(h, bar(0, "100", "10")); // 5 filled
      advance(h, T0 + 10 * 60_000);
      assertThat(updates(h).get(updates(h).size() - 1))
          .satisfies(
              o -> {
                assertThat(o.status()).isEqualTo(OrderStatus.EXPIRED);
                assertThat(o.filledQuantity()).isEqualByComparingTo("5");
                assertThat(o.reason()).isEqualTo("not filled within 10 minutes");
              });
    }
  }

  @Test
  void aReusedClientOrderIdIsRefusedNotFilledTwice() throws Exception {
    try (var h = harness(true)) {
      h.open();
      send(h, order("a", 0, Side.BUY, "1"));
      send(h, order("a", 0, Side.BUY, "1"));
      send(h, bar(0, "100"));
      assertThat(h.extractOutputValues()).hasSize(1);
      List<DeadLetter> dead =
          h.getSideOutput(SimulatedBroker.DEAD).stream().map(StreamRecord::getValue).toList();
      assertThat(dead).extracting(DeadLetter::reason).containsExactly("duplicate-client-order-id");
    }
  }

  @Test
  void workingOrdersSurviveASnapshotRestoreOnRocksDb() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness(true)) {
      h.open();
      send(h, order("a", 2, Side.BUY, "3"));
      send(h, bar(2, "100", "2")); // 1 of 3
      snapshot = h.snapshot(1, T0 + 180_000);
    }
    try (var h = harness(true)) {
      h.initializeState(snapshot);
      h.open();
      send(h, bar(3, "100", "10"));
      assertThat(h.extractOutputValues())
          .extracting(f -> f.clientOrderId() + ":" + f.quantity().toPlainString())
          .containsExactly("a:2");
      send(h, order("a", 2, Side.BUY, "3")); // replayed after the restore: refused
      assertThat(h.getSideOutput(SimulatedBroker.DEAD)).hasSize(1);
    }
  }

  @Test
  void anIcebergIsWorkedAsChildOrdersOneSliceAtATime() throws Exception {
    try (var h = harness(true)) {
      h.open();
      send(h, order("ice", 0, Side.BUY, "7").asIceberg(new BigDecimal("2")));
      for (int m = 0; m < 3; m++) {
        send(h, bar(m, "100", "1000"));
      }
      // One child per bar: 2, 2, 2 so far; the parent reports the sum.
      assertThat(h.extractOutputValues())
          .extracting(f -> f.clientOrderId() + ":" + f.quantity().toPlainString())
          .containsExactly("ice-1:2", "ice-2:2", "ice-3:2");
      h.processBroadcastElement(
          new ControlCommand(
              "paper", ControlCommand.Kind.KILL, null, T0 + 200_000, 0, "operator:test", "stop"),
          T0 + 200_000);
      List<Order> parent =
          updates(h).stream().filter(o -> o.clientOrderId().equals("ice")).toList();
      assertThat(parent)
          .extracting(o -> o.status() + ":" + o.filledQuantity().toPlainString())
          .containsExactly(
              "ACCEPTED:0",
              "PARTIALLY_FILLED:2",
              "PARTIALLY_FILLED:4",
              "PARTIALLY_FILLED:6",
              "CANCELED:6");
      assertThat(updates(h))
          .filteredOn(o -> o.clientOrderId().equals("ice-4"))
          .extracting(
              o -> o.status() + ":" + o.quantity().toPlainString() + ":" + o.parentClientOrderId())
          .containsExactly("ACCEPTED:1:ice", "CANCELED:1:ice");
    }
  }

  @Test
  void anIcebergFillsCompletelyAndItsParentSaysSo() throws Exception {
    try (var h = harness(false)) {
      h.open();
      send(h, order("ice", 0, Side.SELL, "3").asIceberg(new BigDecimal("2")));
      send(h, bar(0, "100", "1000"));
      send(h, bar(1, "100", "1000"));
      assertThat(h.extractOutputValues())
          .extracting(f -> f.clientOrderId() + ":" + f.quantity().toPlainString())
          .containsExactly("ice-1:2", "ice-2:1");
      assertThat(updates(h))
          .filteredOn(o -> o.clientOrderId().equals("ice"))
          .last()
          .satisfies(
              o -> {
                assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
                assertThat(o.filledQuantity()).isEqualByComparingTo("3");
              });
    }
  }
}
