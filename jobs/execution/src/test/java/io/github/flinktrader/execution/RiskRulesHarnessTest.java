package io.github.flinktrader.execution;

import static io.github.flinktrader.execution.Fixtures.T0;
import static io.github.flinktrader.execution.Fixtures.forecast;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.RiskDecision;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every risk rule the strategy's orders can meet, through the gate operator itself (RocksDB state,
 * commands, bars and a forecast as inputs): the forecast asks for 200 units at 100 (20,000 USD) and
 * each case sets up the one rule that must refuse it, or scale it. The rules' arithmetic is in
 * {@link RiskGateTest}; here, that the operator wires each of them. (A halted account's strategy
 * goes flat, so its refusal is shown with a position, in {@link AccountRiskGateTest}; malformed,
 * imprecise, stale and off-hours orders cannot come from this strategy on these inputs and are
 * covered in {@link RiskGateTest}.)
 */
class RiskRulesHarnessTest {

  private static final long MIN = 60_000L;

  /** What a case feeds the operator before the forecast. */
  interface Setup {
    void feed(KeyedOneInputStreamOperatorTestHarness<String, GateInput, Order> h) throws Exception;
  }

  record Case(String rule, RiskLimits.Builder limits, Setup setup, String reasonPrefix) {
    @Override
    public String toString() {
      return rule;
    }
  }

  private static RiskLimits.Builder limits() {
    return RiskLimits.builder().targetMinuteVolatility(0).forecastMaxMove(1.0);
  }

  private static Setup bar(String close) {
    return h -> h.processElement(GateInput.of("paper", Fixtures.bar(9, close)), T0 + 10 * MIN - 1);
  }

  private static Setup command(ControlCommand.Kind kind) {
    return h -> {
      bar("100").feed(h);
      h.processElement(
          GateInput.of(
              new ControlCommand(
                  "paper",
                  kind,
                  kind == ControlCommand.Kind.REDUCE || kind == ControlCommand.Kind.KILL
                      ? null
                      : "BTCUSD",
                  T0,
                  T0 + 1_000 * MIN,
                  "operator:test",
                  "test")),
          T0);
    };
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "symbol-halted", limits(), command(ControlCommand.Kind.HALT_SYMBOL), "symbol-halted"),
        new Case(
            "volatility-halt",
            limits(),
            command(ControlCommand.Kind.VOLATILITY_HALT),
            "volatility-halt"),
        new Case("reduce-only", limits(), command(ControlCommand.Kind.REDUCE), "reduce-only"),
        new Case("cooldown", limits(), command(ControlCommand.Kind.COOLDOWN), "cooldown"),
        new Case("no-reference-price", limits(), h -> {}, "no-reference-price"),
        new Case("price-collar", limits(), bar("110"), "price-collar"),
        new Case(
            "max-order-quantity",
            limits().maxOrderQuantity(new BigDecimal("100")),
            bar("100"),
            "max-order-quantity: 200.0000 > 100"),
        new Case(
            "max-order-notional",
            limits().maxOrderNotional(new BigDecimal("10000")),
            bar("100"),
            "max-order-notional: 20000.00 > 10000"),
        new Case(
            "position-limit",
            limits().maxPositionNotional(new BigDecimal("15000")),
            bar("100"),
            "position-limit"),
        new Case(
            "concentration",
            limits().startingEquity(new BigDecimal("100000")),
            bar("100"),
            "concentration: BTCUSD would be 20.0% of equity (limit 10.0%)"),
        new Case(
            "sector-allocation",
            limits()
                .startingEquity(new BigDecimal("100000"))
                .maxConcentration(1)
                .maxSectorAllocation(0.15),
            bar("100"),
            "sector-allocation: crypto would be 20.0% of equity (limit 15.0%)"),
        new Case(
            "buying-power",
            limits()
                .startingEquity(new BigDecimal("10000"))
                .maxConcentration(10)
                .maxSectorAllocation(10),
            bar("100"),
            "buying-power"),
        new Case(
            "order-rate-symbol",
            limits().maxOrdersPerSymbolPerMinute(0),
            bar("100"),
            "order-rate-symbol"),
        new Case(
            "order-rate-account",
            limits().maxOrdersPerAccountPerMinute(0),
            bar("100"),
            "order-rate-account"),
        new Case("daily-order-cap", limits().maxOrdersPerDay(0), bar("100"), "daily-order-cap"),
        new Case(
            "volatility scaling",
            RiskLimits.builder()
                .forecastMaxMove(1.0)
                .targetMinuteVolatility(0.003)
                .volatilityMinBars(5)
                .minScaledOrderNotional(BigDecimal.ZERO),
            h -> {
              for (int m = 0; m < 10; m++) {
                h.processElement(
                    GateInput.of("paper", Fixtures.bar(m, m % 2 == 0 ? "101" : "100")),
                    T0 + (m + 1) * MIN - 1);
              }
            },
            "ok; volatility-scaled x0.30"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theOperatorAppliesTheRule(Case c) throws Exception {
    try (var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new AccountRiskGate(
                    new QuantileEdgeStrategy(StrategyConfig.defaults()),
                    new RiskGate(c.limits().build()))),
            GateInput::account,
            Types.STRING)) {
      h.setStateBackend(new EmbeddedRocksDBStateBackend());
      h.open();
      c.setup().feed(h);
      h.processElement(GateInput.of("paper", forecast(10, 0.5, 0.1, false)), T0 + 10 * MIN - 1);
      List<RiskDecision> decisions =
          h.getSideOutput(AccountRiskGate.DECISIONS).stream().map(StreamRecord::getValue).toList();
      assertThat(decisions)
          .singleElement()
          .satisfies(d -> assertThat(d.reason()).startsWith(c.reasonPrefix()));
      assertThat(h.extractOutputValues()).hasSize(decisions.get(0).approved() ? 1 : 0);
    }
  }
}
