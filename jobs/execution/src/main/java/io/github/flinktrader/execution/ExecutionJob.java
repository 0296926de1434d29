package io.github.flinktrader.execution;

import io.github.flinktrader.db.DeadLettersTable;
import io.github.flinktrader.db.FillsTable;
import io.github.flinktrader.db.JdbcSinks;
import io.github.flinktrader.db.OrdersTable;
import io.github.flinktrader.db.PositionsTable;
import io.github.flinktrader.db.RiskDecisionsTable;
import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.KafkaIo;
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
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
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
    JobSettings settings = JobSettings.fromArgs(args);
    StreamExecutionEnvironment env = Pipelines.environment(settings, NAME);
    build(env, settings);
    env.execute(NAME);
  }

  public static void build(StreamExecutionEnvironment env, JobSettings settings) {
    WatermarkStrategy<RawRecord> watermarks =
        WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(Duration.ofSeconds(5))
            .withIdleness(Duration.ofSeconds(30));
    DataStream<RawRecord> forecasts =
        env.fromSource(
                KafkaIo.source(settings, Topics.FORECASTS, NAME),
                watermarks,
                "forecasts from Kafka")
            .uid(ExecutionUids.FORECASTS_SOURCE);
    DataStream<RawRecord> bars =
        env.fromSource(
                KafkaIo.source(settings, Topics.BARS_1M, NAME), watermarks, "bars from Kafka")
            .uid(ExecutionUids.BARS_SOURCE);
    Outputs out =
        defineWorkflow(
            forecasts,
            bars,
            new QuantileEdgeStrategy(StrategyConfig.defaults()),
            new PreTradeRiskGate(RiskLimits.defaults()),
            BrokerConfig.defaults());

    out.decisions()
        .sinkTo(KafkaIo.<RiskDecision>sink(settings, Topics.RISK_DECISIONS, NAME, "decisions"))
        .uid(ExecutionUids.DECISIONS_KAFKA)
        .name("risk decisions to Kafka");
    out.decisions()
        .sinkTo(JdbcSinks.upsert(settings.db(), new RiskDecisionsTable()))
        .uid(ExecutionUids.DECISIONS_DB)
        .name("risk decisions to database");
    out.orders()
        .sinkTo(KafkaIo.<Order>sink(settings, Topics.ORDERS, NAME, "orders"))
        .uid(ExecutionUids.ORDERS_KAFKA)
        .name("orders to Kafka");
    out.orders()
        .sinkTo(JdbcSinks.upsert(settings.db(), new OrdersTable()))
        .uid(ExecutionUids.ORDERS_DB)
        .name("orders to database");
    out.fills()
        .sinkTo(KafkaIo.<Fill>sink(settings, Topics.FILLS, NAME, "fills"))
        .uid(ExecutionUids.FILLS_KAFKA)
        .name("fills to Kafka");
    out.fills()
        .sinkTo(JdbcSinks.upsert(settings.db(), new FillsTable()))
        .uid(ExecutionUids.FILLS_DB)
        .name("fills to database");
    out.positions()
        .sinkTo(KafkaIo.<Position>sink(settings, Topics.POSITIONS, NAME, "positions"))
        .uid(ExecutionUids.POSITIONS_KAFKA)
        .name("positions to Kafka");
    out.positions()
        .sinkTo(JdbcSinks.upsert(settings.db(), new PositionsTable()))
        .uid(ExecutionUids.POSITIONS_DB)
        .name("positions to database");
    out.deadLetters()
        .sinkTo(KafkaIo.<DeadLetter>sink(settings, Topics.DEAD_LETTERS, NAME, "dlq"))
        .uid(ExecutionUids.DLQ_KAFKA)
        .name("dead letters to Kafka");
    out.deadLetters()
        .sinkTo(JdbcSinks.upsert(settings.db(), new DeadLettersTable()))
        .uid(ExecutionUids.DLQ_DB)
        .name("dead letters to database");
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
