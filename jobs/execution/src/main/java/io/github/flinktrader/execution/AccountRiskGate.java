package io.github.flinktrader.execution;

import io.github.flinktrader.flink.DeadLetterMetrics;
import io.github.flinktrader.records.ControlAck;
import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.OrderIntent;
import io.github.flinktrader.records.RiskDecision;
import io.github.flinktrader.records.TradingState;
import io.github.flinktrader.records.TradingStateChange;
import io.github.flinktrader.serde.DeadLetters;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The account's strategy and pre-trade risk gate, keyed by account: forecasts become order intents
 * (the {@link QuantileEdgeStrategy} against the book's position), the {@link RiskGate} decides on
 * each, and only approved orders leave on the main output. Bars mark the book; control commands
 * (kill switch, resets, the temporal rules' alerts) change what passes. Every decision goes to
 * {@link #DECISIONS}, every state change to {@link #STATE_CHANGES}, every applied command to {@link
 * #COMMANDS} (the broker cancels open orders on a KILL), and a forecast not newer than the last one
 * acted on in its symbol is a dead letter, so a replay never trades twice. A forecast that fails
 * {@link ForecastSanity} (crossed quantiles, a median far outside the volatility band) is an {@code
 * implausible-forecast} dead letter: the strategy never sizes from an unchecked forecast.
 */
public final class AccountRiskGate extends KeyedProcessFunction<String, GateInput, Order> {

  private static final long serialVersionUID = 1L;

  public static final OutputTag<RiskDecision> DECISIONS = new OutputTag<>("risk-decisions") {};
  public static final OutputTag<TradingStateChange> STATE_CHANGES =
      new OutputTag<>("trading-state") {};
  public static final OutputTag<ControlCommand> COMMANDS = new OutputTag<>("applied-commands") {};
  public static final OutputTag<DeadLetter> DEAD = new OutputTag<>("gate-dead-letters") {};
  public static final OutputTag<ControlAck> ACKS = new OutputTag<>("command-acks") {};

  /** When forecasts and bars are applied. */
  public enum Ordering {
    EVENT_TIME,
    ARRIVAL
  }

  private final QuantileEdgeStrategy strategy;
  private final RiskGate gate;
  private final Ordering ordering;
  private final HeldInputs<GateInput> held = new HeldInputs<>("held-inputs", GateInput.class);

  private transient ValueState<RiskBook> book;
  private transient Counter rejected;
  private transient Counter approved;
  private transient DeadLetterMetrics deadLetters;
  private transient volatile int stateGauge;

  public AccountRiskGate(QuantileEdgeStrategy strategy, RiskGate gate) {
    this(strategy, gate, Ordering.ARRIVAL);
  }

  public AccountRiskGate(QuantileEdgeStrategy strategy, RiskGate gate, Ordering ordering) {
    this.strategy = strategy;
    this.gate = gate;
    this.ordering = ordering;
  }

  @Override
  public void open(OpenContext ctx) {
    book =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "risk-book", RiskBook.stateSerializer(getRuntimeContext())));
    held.open(getRuntimeContext());
    rejected = getRuntimeContext().getMetricGroup().counter("riskRejections");
    approved = getRuntimeContext().getMetricGroup().counter("riskApprovals");
    deadLetters = new DeadLetterMetrics(getRuntimeContext().getMetricGroup());
    getRuntimeContext().getMetricGroup().gauge("tradingState", () -> stateGauge);
  }

  @Override
  public void processElement(GateInput in, Context ctx, Collector<Order> out) throws Exception {
    // Operators' commands apply at once; rule alerts, like forecasts and bars, at their event time.
    boolean fromRule = in.command() != null && AdmitCommands.systemAlert(in.command());
    if (ordering == Ordering.EVENT_TIME
        && (in.command() == null || fromRule)
        && ctx.timestamp() != null
        && held.hold(ctx.timestamp(), in, ctx.timerService())) {
      return;
    }
    apply(List.of(in), ctx, out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Order> out) throws Exception {
    List<GateInput> inputs = held.release(timestamp);
    if (inputs.isEmpty()) {
      return;
    }
    inputs.sort(GateInput.REPLAY_ORDER);
    apply(inputs, ctx, out);
  }

  private void apply(List<GateInput> inputs, Context ctx, Collector<Order> out) throws Exception {
    RiskBook b = book.value();
    if (b == null) {
      b = new RiskBook();
    }
    long now = System.currentTimeMillis();
    for (GateInput in : inputs) {
      if (in.command() != null) {
        command(in.command(), b, now, ctx);
      } else if (in.bar() != null) {
        gate.mark(in.bar(), b, now).ifPresent(c -> ctx.output(STATE_CHANGES, c));
      } else if (in.forecast() != null) {
        decide(in.forecast(), b, ctx, out);
      }
    }
    stateGauge = b.state.ordinal();
    book.update(b);
  }

  /**
   * Applies a command, answering an operator's with a {@link ControlAck}. An operator's command for
   * a symbol the account does not know (no bar, no position, no configured sector) is refused with
   * an {@code unknown-symbol} dead letter: a mistyped halt must not leave the operator believing
   * the symbol is halted.
   */
  private void command(ControlCommand c, RiskBook b, long now, Context ctx) {
    boolean operator = !AdmitCommands.systemAlert(c);
    if (operator
        && c.perSymbol()
        && !b.symbols.containsKey(c.symbol())
        && !gate.limits().sectors().containsKey(c.symbol())) {
      String known = String.join(", ", b.symbols.keySet().stream().sorted().limit(20).toList());
      String detail =
          "account "
              + c.account()
              + " has no bar, position or configured sector for "
              + c.symbol()
              + (known.isEmpty() ? " (it has seen no symbol yet)" : "; known: " + known);
      deadLetters.inc("unknown-symbol");
      ctx.output(
          DEAD,
          DeadLetters.refused(ExecutionUids.RISK_GATE, c.eventTime(), "unknown-symbol", detail, c));
      ctx.output(
          ACKS, ControlAck.of(c, ControlAck.Outcome.REFUSED, "unknown-symbol: " + detail, now));
      return;
    }
    Optional<TradingStateChange> change = gate.apply(c, b, now);
    change.ifPresent(s -> ctx.output(STATE_CHANGES, s));
    ctx.output(COMMANDS, c);
    if (operator) {
      String effect =
          change
              .map(s -> s.from() + " -> " + s.to())
              .orElse(
                  (c.perSymbol() ? c.kind() + " " + c.symbol() + " applied; " : "no state change; ")
                      + "account "
                      + b.state);
      ctx.output(ACKS, ControlAck.of(c, ControlAck.Outcome.APPLIED, effect, now));
    }
  }

  private void decide(Forecast f, RiskBook b, Context ctx, Collector<Order> out) {
    RiskBook.SymbolBook sb = b.symbol(f.symbol());
    if (f.barEnd() <= sb.lastDecisionTime) {
      deadLetters.inc("repeated-forecast");
      ctx.output(
          DEAD,
          DeadLetters.refused(
              ExecutionUids.RISK_GATE,
              f.eventTime(),
              "repeated-forecast",
              "forecast at "
                  + f.barEnd()
                  + " is not after the last one acted on, "
                  + sb.lastDecisionTime,
              f));
      return;
    }
    Optional<String> implausible = ForecastSanity.violation(f, sb, gate.limits());
    if (implausible.isPresent()) {
      // Never sized from: no order, no decision, a dead letter with the reason and a count.
      deadLetters.inc("implausible-forecast");
      ctx.output(
          DEAD,
          DeadLetters.refused(
              ExecutionUids.RISK_GATE,
              f.eventTime(),
              "implausible-forecast",
              implausible.get(),
              f));
      return;
    }
    sb.lastDecisionTime = f.barEnd();
    boolean stale =
        sb.lastBarEnd - f.barEnd() > gate.limits().staleForecastAfter().toMillis()
            || b.state == TradingState.HALTED;
    Optional<OrderIntent> intent = strategy.decide(f, sb.position, stale);
    if (intent.isEmpty()) {
      return;
    }
    RiskDecision decision = gate.check(intent.get(), b);
    ctx.output(DECISIONS, decision);
    if (!decision.approved()) {
      rejected.inc();
      return;
    }
    approved.inc();
    out.collect(strategy.order(intent.get(), decision.quantity()));
  }
}
