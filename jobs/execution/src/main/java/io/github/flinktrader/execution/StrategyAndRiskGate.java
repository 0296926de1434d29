package io.github.flinktrader.execution;

import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.OrderIntent;
import io.github.flinktrader.records.OrderStatus;
import io.github.flinktrader.records.OrderType;
import io.github.flinktrader.records.RiskDecision;
import io.github.flinktrader.serde.DeadLetters;
import java.math.BigDecimal;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per symbol: asks the strategy for an order, puts it through the risk gate, and sends only
 * approved orders on. Every decision, approved or rejected, goes to {@link #DECISIONS} for audit.
 * The operator owns the position state, so strategy and gate both see the same position. A forecast
 * not newer than the last one acted on is a dead letter ({@code stale-forecast}), so a replayed or
 * reordered forecast can never trade twice.
 */
public final class StrategyAndRiskGate extends KeyedProcessFunction<String, Forecast, Order> {

  private static final long serialVersionUID = 1L;

  public static final OutputTag<RiskDecision> DECISIONS = new OutputTag<>("risk-decisions") {};
  public static final OutputTag<DeadLetter> STALE = new OutputTag<>("stale-forecasts") {};

  private final QuantileEdgeStrategy strategy;
  private final PreTradeRiskGate gate;

  private transient ValueState<ExecutionState> state;
  private transient Counter rejected;

  public StrategyAndRiskGate(QuantileEdgeStrategy strategy, PreTradeRiskGate gate) {
    this.strategy = strategy;
    this.gate = gate;
  }

  @Override
  public void open(OpenContext ctx) {
    state =
        getRuntimeContext().getState(new ValueStateDescriptor<>("execution", ExecutionState.class));
    rejected = getRuntimeContext().getMetricGroup().counter("riskRejections");
  }

  @Override
  public void processElement(Forecast f, Context ctx, Collector<Order> out) throws Exception {
    ExecutionState s = state.value();
    if (s == null) {
      s = new ExecutionState(BigDecimal.ZERO, Long.MIN_VALUE);
    }
    if (f.barEnd() <= s.lastDecisionTime()) {
      ctx.output(
          STALE,
          DeadLetters.refused(
              ExecutionUids.STRATEGY_AND_RISK,
              f.eventTime(),
              "stale-forecast",
              "forecast at "
                  + f.barEnd()
                  + " is not after the last one acted on, "
                  + s.lastDecisionTime(),
              f));
      return;
    }
    BigDecimal position = s.position();
    Optional<OrderIntent> intent = strategy.decide(f, position);
    if (intent.isPresent()) {
      RiskDecision decision = gate.check(intent.get(), position);
      ctx.output(DECISIONS, decision);
      if (decision.approved()) {
        position = decision.positionAfter();
        OrderIntent i = intent.get();
        out.collect(
            new Order(
                i.clientOrderId(),
                i.symbol(),
                i.decisionTime(),
                i.side(),
                OrderType.MARKET,
                i.quantity(),
                null,
                OrderStatus.NEW));
      } else {
        rejected.inc();
      }
    }
    state.update(new ExecutionState(position, f.barEnd()));
  }
}
