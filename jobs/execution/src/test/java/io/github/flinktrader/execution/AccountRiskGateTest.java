package io.github.flinktrader.execution;

import static io.github.flinktrader.execution.Fixtures.T0;
import static io.github.flinktrader.execution.Fixtures.bar;
import static io.github.flinktrader.execution.Fixtures.forecast;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.RiskDecision;
import io.github.flinktrader.records.RiskVerdict;
import io.github.flinktrader.records.Side;
import io.github.flinktrader.records.TradingState;
import io.github.flinktrader.records.TradingStateChange;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The account's strategy and risk gate as an operator, on RocksDB. */
class AccountRiskGateTest {

  private static KeyedOneInputStreamOperatorTestHarness<String, GateInput, Order> harness(
      RiskLimits limits) throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new AccountRiskGate(
                    new QuantileEdgeStrategy(StrategyConfig.defaults()), new RiskGate(limits))),
            GateInput::account,
            Types.STRING);
    h.setStateBackend(new EmbeddedRocksDBStateBackend());
    return h;
  }

  private static RiskLimits limits() {
    return RiskLimits.builder().targetMinuteVolatility(0).forecastMaxMove(1.0).build();
  }

  private static void bar(
      KeyedOneInputStreamOperatorTestHarness<String, GateInput, Order> h, long minute)
      throws Exception {
    h.processElement(
        GateInput.of("paper", Fixtures.bar(minute - 1, "100")), T0 + minute * 60_000 - 1);
  }

  private static void forecastAt(
      KeyedOneInputStreamOperatorTestHarness<String, GateInput, Order> h, long minute, double ret)
      throws Exception {
    h.processElement(
        GateInput.of("paper", forecast(minute, ret, 0.1, false)), T0 + minute * 60_000 - 1);
  }

  private static void command(
      KeyedOneInputStreamOperatorTestHarness<String, GateInput, Order> h, ControlCommand.Kind kind)
      throws Exception {
    h.processElement(
        GateInput.of(new ControlCommand("paper", kind, null, T0, 0, "operator:test", "test")), T0);
  }

  private static List<RiskDecision> decisions(
      KeyedOneInputStreamOperatorTestHarness<String, GateInput, Order> h) {
    return h.getSideOutput(AccountRiskGate.DECISIONS).stream().map(StreamRecord::getValue).toList();
  }

  private static List<TradingStateChange> changes(
      KeyedOneInputStreamOperatorTestHarness<String, GateInput, Order> h) {
    return h.getSideOutput(AccountRiskGate.STATE_CHANGES).stream()
        .map(StreamRecord::getValue)
        .toList();
  }

  @Test
  void buildsUpThePositionInCappedStepsAndRecordsEveryDecision() throws Exception {
    try (var h = harness(limits())) {
      h.open();
      for (int m = 1; m <= 4; m++) {
        bar(h, m);
        forecastAt(h, m, 0.5);
      }
      // target 500 units at 100: 200 + 200 + 100, then nothing left to do.
      assertThat(h.extractOutputValues())
          .extracting(o -> o.quantity().toPlainString())
          .containsExactly("200.0000", "200.0000", "100.0000");
      assertThat(decisions(h))
          .extracting(d -> d.positionAfter().toPlainString() + "/" + d.modelVersion())
          .containsExactly("200.0000/test/1", "400.0000/test/1", "500.0000/test/1");
      bar(h, 5);
      h.processElement(GateInput.of("paper", forecast(5, 0, 0.1, true)), T0 + 5 * 60_000 - 1);
      assertThat(h.extractOutputValues().get(3).side()).isEqualTo(Side.SELL); // fallback: flat
    }
  }

  @Test
  void aRejectedOrderLeavesThePositionUnchanged() throws Exception {
    RiskLimits tight =
        RiskLimits.builder()
            .targetMinuteVolatility(0)
            .forecastMaxMove(1.0)
            .maxPositionNotional(new BigDecimal("30000"))
            .build();
    try (var h = harness(tight)) {
      h.open();
      bar(h, 1);
      forecastAt(h, 1, 0.5); // 200 units = 20,000: ok
      bar(h, 2);
      forecastAt(h, 2, 0.5); // to 400 = 40,000 > 30,000: rejected
      assertThat(h.extractOutputValues()).hasSize(1);
      assertThat(decisions(h))
          .extracting(RiskDecision::verdict)
          .containsExactly(RiskVerdict.APPROVED, RiskVerdict.REJECTED);
      assertThat(decisions(h).get(1).reason()).startsWith("position-limit");
      assertThat(decisions(h).get(1).positionAfter()).isEqualByComparingTo("200");
    }
  }

  @Test
  void theKillSwitchHaltsAtOnceAndStaysHaltedAcrossARestoreUntilAReset() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness(limits())) {
      h.open();
      bar(h, 1);
      forecastAt(h, 1, 0.5);
      long before = System.currentTimeMillis();
      command(h, ControlCommand.Kind.KILL);
      TradingStateChange kill = changes(h).get(0);
      assertThat(kill.from()).isEqualTo(TradingState.ACTIVE);
      assertThat(kill.to()).isEqualTo(TradingState.HALTED);
      assertThat(kill.processedAt()).isBetween(before, System.currentTimeMillis());
      assertThat(h.getSideOutput(AccountRiskGate.COMMANDS)).hasSize(1); // on to the broker
      bar(h, 2);
      forecastAt(h, 2, 0.5);
      assertThat(h.extractOutputValues()).hasSize(1); // the order before the kill only
      snapshot = h.snapshot(1, T0 + 120_000);
    }
    try (var h = harness(limits())) {
      h.initializeState(snapshot);
      h.open();
      bar(h, 3);
      forecastAt(h, 3, 0.5); // still halted after the restore; the strategy wants flat
      assertThat(h.extractOutputValues()).isEmpty();
      assertThat(decisions(h).get(0).reason()).startsWith("halted: KILL by operator:test");
      command(h, ControlCommand.Kind.RESET);
      assertThat(changes(h))
          .extracting(TradingStateChange::to)
          .containsExactly(TradingState.ACTIVE);
      bar(h, 4);
      forecastAt(h, 4, 0.5);
      assertThat(h.extractOutputValues()).hasSize(1);
      assertThat(decisions(h).get(1).positionBefore()).isEqualByComparingTo("200"); // restored
    }
  }

  @Test
  void aRepeatedOrOlderForecastIsADeadLetterAndAStaleOneGoesFlat() throws Exception {
    try (var h = harness(limits())) {
      h.open();
      bar(h, 1);
      forecastAt(h, 1, 0.5);
      forecastAt(h, 1, 0.5); // the same forecast again
      forecastAt(h, 0, 0.5); // an older one
      List<DeadLetter> dead =
          h.getSideOutput(AccountRiskGate.DEAD).stream().map(StreamRecord::getValue).toList();
      assertThat(dead)
          .extracting(DeadLetter::reason)
          .containsExactly("repeated-forecast", "repeated-forecast");
      for (int m = 2; m <= 10; m++) {
        bar(h, m);
      }
      forecastAt(h, 5, 0.5); // 5 minutes behind the newest bar (limit 3): flat, not more
      Order close = h.extractOutputValues().get(1);
      assertThat(close.side()).isEqualTo(Side.SELL);
      assertThat(close.quantity()).isEqualByComparingTo("200");
    }
  }

  @Test
  void inEventTimeOrderingInputsWaitForTheWatermarkAndApplyInTheSameOrderWhateverTheArrival()
      throws Exception {
    List<String> runs = new java.util.ArrayList<>();
    for (boolean forecastsFirst : new boolean[] {true, false}) {
      try (var h =
          new KeyedOneInputStreamOperatorTestHarness<>(
              new KeyedProcessOperator<>(
                  new AccountRiskGate(
                      new QuantileEdgeStrategy(StrategyConfig.defaults()),
                      new RiskGate(limits()),
                      AccountRiskGate.Ordering.EVENT_TIME)),
              GateInput::account,
              Types.STRING)) {
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        h.open();
        for (int m = 1; m <= 6; m++) {
          if (forecastsFirst) {
            forecastAt(h, m, 0.5);
          }
        }
        for (int m = 1; m <= 6; m++) {
          bar(h, m);
        }
        if (!forecastsFirst) {
          for (int m = 1; m <= 6; m++) {
            forecastAt(h, m, 0.5);
          }
        }
        assertThat(h.extractOutputValues()).isEmpty(); // held until the watermark passes
        command(h, ControlCommand.Kind.REDUCE); // a command does not wait
        assertThat(changes(h))
            .extracting(TradingStateChange::to)
            .containsExactly(TradingState.REDUCING);
        command(h, ControlCommand.Kind.RESET);
        h.processWatermark(
            new org.apache.flink.streaming.api.watermark.Watermark(T0 + 10 * 60_000));
        runs.add(
            decisions(h).stream()
                .map(
                    d -> d.clientOrderId() + ":" + d.verdict() + ":" + d.quantity().toPlainString())
                .toList()
                .toString());
      }
    }
    // Forecasts before their bars or after them: the same decisions, none refused for a missing
    // or a too-new price.
    assertThat(runs.get(0)).isEqualTo(runs.get(1)).doesNotContain("REJECTED");
    assertThat(runs.get(0)).contains("200.0000", "100.0000");
  }
}
