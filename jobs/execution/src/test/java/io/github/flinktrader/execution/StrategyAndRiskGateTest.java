package io.github.flinktrader.execution;

import static io.github.flinktrader.execution.Fixtures.forecast;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.RiskDecision;
import io.github.flinktrader.records.RiskVerdict;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class StrategyAndRiskGateTest {

  private static KeyedOneInputStreamOperatorTestHarness<String, Forecast, Order> harness(
      RiskLimits limits) throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new StrategyAndRiskGate(
                    new QuantileEdgeStrategy(StrategyConfig.defaults()),
                    new PreTradeRiskGate(limits))),
            Forecast::symbol,
            Types.STRING);
    h.setStateBackend(new EmbeddedRocksDBStateBackend());
    return h;
  }

  private static List<RiskDecision> decisions(
      KeyedOneInputStreamOperatorTestHarness<String, Forecast, Order> h) {
    return h.getSideOutput(StrategyAndRiskGate.DECISIONS).stream()
        .map(StreamRecord::getValue)
        .toList();
  }

  @Test
  void buildsUpThePositionInCappedStepsAndRecordsEveryDecision() throws Exception {
    try (var h = harness(RiskLimits.defaults())) {
      h.open();
      for (int m = 0; m < 4; m++) {
        h.processElement(forecast(m, 0.5, 0.1, false), 0);
      }
      // target 500 units at 100: 200 + 200 + 100, then nothing left to do.
      assertThat(h.extractOutputValues())
          .extracting(o -> o.quantity().toPlainString())
          .containsExactly("200.0000", "200.0000", "100.0000");
      assertThat(decisions(h))
          .extracting(RiskDecision::positionAfter)
          .map(BigDecimal::toPlainString)
          .containsExactly("200.0000", "400.0000", "500.0000");
      h.processElement(forecast(4, 0, 0.1, true), 0); // fallback: go flat
      assertThat(h.extractOutputValues().get(3).side())
          .isEqualTo(io.github.flinktrader.records.Side.SELL);
    }
  }

  @Test
  void aRejectedOrderLeavesThePositionUnchanged() throws Exception {
    RiskLimits tight = new RiskLimits(new BigDecimal("30000"), new BigDecimal("25000"));
    try (var h = harness(tight)) {
      h.open();
      h.processElement(forecast(0, 0.5, 0.1, false), 0); // 200 units = 20,000: ok
      h.processElement(forecast(1, 0.5, 0.1, false), 0); // to 400 = 40,000 > 30,000: rejected
      assertThat(h.extractOutputValues()).hasSize(1);
      assertThat(decisions(h))
          .extracting(RiskDecision::verdict)
          .containsExactly(RiskVerdict.APPROVED, RiskVerdict.REJECTED);
      assertThat(decisions(h).get(1).reason()).startsWith("max-position-notional");
      assertThat(decisions(h).get(1).positionAfter()).isEqualByComparingTo("200");
    }
  }

  @Test
  void aReplayedOrReorderedForecastNeverTradesTwice() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness(RiskLimits.defaults())) {
      h.open();
      h.processElement(forecast(5, 0.5, 0.1, false), 0);
      snapshot = h.snapshot(1, 0);
    }
    try (var h = harness(RiskLimits.defaults())) {
      h.initializeState(snapshot);
      h.open();
      h.processElement(forecast(5, 0.5, 0.1, false), 0); // the same forecast again
      h.processElement(forecast(4, 0.5, 0.1, false), 0); // an older one
      assertThat(h.extractOutputValues()).isEmpty();
      List<DeadLetter> dead =
          h.getSideOutput(StrategyAndRiskGate.STALE).stream().map(StreamRecord::getValue).toList();
      assertThat(dead)
          .extracting(DeadLetter::reason)
          .containsExactly("stale-forecast", "stale-forecast");
      h.processElement(forecast(6, 0.5, 0.1, false), 0);
      assertThat(decisions(h).get(0).positionBefore()).isEqualByComparingTo("200"); // restored
    }
  }
}
