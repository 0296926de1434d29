package io.github.flinktrader.execution;

import io.github.flinktrader.db.FillsTable;
import io.github.flinktrader.db.OrdersTable;
import io.github.flinktrader.db.PositionsTable;
import io.github.flinktrader.db.RiskDecisionsTable;
import io.github.flinktrader.flink.JobIo;
import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Fill;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.Position;
import io.github.flinktrader.records.RiskDecision;
import io.github.flinktrader.serde.ParseEvents;
import io.github.flinktrader.serde.RawRecord;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Execution: turns forecasts into orders through a strategy and a pre-trade risk gate, fills them
 * in a simulated broker at the next bar's open, and keeps the ledger of positions and PnL. Every
 * decision is kept for audit, including the rejections and their reasons.
 */
public final class ExecutionJob {

  public static final String NAME = "execution";

  /** What the workflow produces, before sinks are attached. */
  public record Outputs(
      DataStream<RiskDecision> decisions,
      DataStream<Order> orders,
      DataStream<Fill> fills,
      DataStream<Position> positions,
      DataStream<DeadLetter> deadLetters) {}

  private ExecutionJob() {}

  public static void main(String[] args) throws Exception {
    Pipelines.run(NAME, args, ExecutionJob::build);
  }

  public static void build(StreamExecutionEnvironment env, JobSettings settings) {
    Outputs out =
        defineWorkflow(
            JobIo.source(env, settings, NAME, Topics.FORECASTS, ExecutionUids.FORECASTS_SOURCE),
            JobIo.source(env, settings, NAME, Topics.BARS_1M, ExecutionUids.BARS_SOURCE),
            new QuantileEdgeStrategy(StrategyConfig.defaults()),
            new PreTradeRiskGate(RiskLimits.defaults()),
            BrokerConfig.defaults());
    JobIo.write(
        out.decisions(),
        settings,
        NAME,
        "risk-decisions",
        Topics.RISK_DECISIONS,
        new RiskDecisionsTable());
    JobIo.write(out.orders(), settings, NAME, "orders", Topics.ORDERS, new OrdersTable());
    JobIo.write(out.fills(), settings, NAME, "fills", Topics.FILLS, new FillsTable());
    JobIo.write(
        out.positions(), settings, NAME, "positions", Topics.POSITIONS, new PositionsTable());
    JobIo.writeDeadLetters(out.deadLetters(), settings, NAME);
  }

  public static Outputs defineWorkflow(
      DataStream<RawRecord> rawForecasts,
      DataStream<RawRecord> rawBars,
      QuantileEdgeStrategy strategy,
      PreTradeRiskGate gate,
      BrokerConfig broker) {
    SingleOutputStreamOperator<Forecast> forecasts =
        rawForecasts
            .process(new ParseEvents<>(Forecast.class, ExecutionUids.PARSE_FORECASTS))
            .uid(ExecutionUids.PARSE_FORECASTS)
            .name("parse forecasts");
    SingleOutputStreamOperator<MinuteBar> bars =
        rawBars
            .process(new ParseEvents<>(MinuteBar.class, ExecutionUids.PARSE_BARS))
            .uid(ExecutionUids.PARSE_BARS)
            .name("parse bars");
    SingleOutputStreamOperator<Order> orders =
        forecasts
            .keyBy(Forecast::symbol)
            .process(new StrategyAndRiskGate(strategy, gate))
            .uid(ExecutionUids.STRATEGY_AND_RISK)
            .name("strategy and pre-trade risk gate");
    SingleOutputStreamOperator<Fill> fills =
        orders
            .keyBy(Order::symbol)
            .connect(bars.keyBy(MinuteBar::symbol))
            .process(new SimulatedBroker(broker))
            .uid(ExecutionUids.SIMULATED_BROKER)
            .name("simulated broker");
    SingleOutputStreamOperator<Position> positions =
        fills
            .keyBy(Fill::symbol)
            .process(new PositionLedger())
            .uid(ExecutionUids.LEDGER)
            .name("position ledger");
    DataStream<DeadLetter> dead =
        forecasts
            .getSideOutput(ParseEvents.DEAD_LETTERS)
            .union(
                bars.getSideOutput(ParseEvents.DEAD_LETTERS),
                orders.getSideOutput(StrategyAndRiskGate.STALE));
    return new Outputs(
        orders.getSideOutput(StrategyAndRiskGate.DECISIONS),
        orders.union(fills.getSideOutput(SimulatedBroker.ORDER_UPDATES)),
        fills,
        positions,
        dead);
  }
}
