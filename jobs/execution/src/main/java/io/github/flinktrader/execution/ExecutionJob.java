package io.github.flinktrader.execution;

import io.github.flinktrader.db.ControlCommandsTable;
import io.github.flinktrader.db.FillsTable;
import io.github.flinktrader.db.OrdersTable;
import io.github.flinktrader.db.PositionsTable;
import io.github.flinktrader.db.RiskDecisionsTable;
import io.github.flinktrader.db.TradingStatesTable;
import io.github.flinktrader.execution.rules.BrokerRejectionsRule;
import io.github.flinktrader.execution.rules.LosingStreakRule;
import io.github.flinktrader.execution.rules.OrderBurstRule;
import io.github.flinktrader.execution.rules.PriceMoveRule;
import io.github.flinktrader.execution.rules.TemporalRule;
import io.github.flinktrader.flink.JobIo;
import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.NewestPerKey;
import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.ControlAck;
import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Fill;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.OrderStatus;
import io.github.flinktrader.records.Position;
import io.github.flinktrader.records.RiskDecision;
import io.github.flinktrader.records.TradingStateChange;
import io.github.flinktrader.serde.ParseEvents;
import io.github.flinktrader.serde.RawRecord;
import java.time.Duration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * Execution: the account's strategy and pre-trade risk gate turn forecasts into orders, a broker
 * (simulated or Alpaca, behind {@link BrokerConnector}) works them, and the ledger keeps positions
 * and PnL. Temporal risk rules (Flink CEP, event time) watch the bars, the orders, the broker's
 * answers and the closed trades, and raise commands on the control bus ({@code trading.control}),
 * which also carries the operators' kill switch and resets. Every decision, state change and
 * applied command is kept for audit.
 */
public final class ExecutionJob {

  public static final String NAME = "execution";

  /** A control source goes idle quickly: commands are rare and must not hold watermarks back. */
  static final Duration CONTROL_IDLENESS = Duration.ofSeconds(1);

  /** What the workflow produces, before sinks are attached. */
  public record Outputs(
      DataStream<RiskDecision> decisions,
      DataStream<Order> orders,
      DataStream<Fill> fills,
      DataStream<Position> positions,
      DataStream<TradingStateChange> stateChanges,
      DataStream<ControlCommand> appliedCommands,
      DataStream<ControlCommand> ruleAlerts,
      DataStream<ControlCommand> brokerFeedback,
      DataStream<ControlAck> acks,
      DataStream<DeadLetter> deadLetters) {}

  /** What the workflow is built from: the job's options, with defaults. */
  public record Setup(
      QuantileEdgeStrategy strategy,
      RiskGate gate,
      BrokerConnector broker,
      Rules rules,
      AccountRiskGate.Ordering ordering) {

    /** The default setup: simulated broker, default limits and rules. */
    public static Setup defaults() {
      RiskLimits limits = RiskLimits.defaults();
      return new Setup(
          new QuantileEdgeStrategy(StrategyConfig.defaults()),
          new RiskGate(limits),
          BrokerConnector.simulated(BrokerConfig.defaults()),
          Rules.defaults(limits.account()),
          AccountRiskGate.Ordering.EVENT_TIME);
    }

    /**
     * {@code --broker simulated} (default) or {@code --broker alpaca} (paper unless {@code
     * --alpaca-live true}; keys from {@code APCA_API_KEY_ID} / {@code APCA_API_SECRET_KEY}); {@code
     * --account NAME}; {@code --gate-order event-time|arrival} (default: event-time with the
     * simulated broker, so replays are deterministic; arrival with Alpaca, so live orders do not
     * wait for the watermark); {@code --iceberg-display-usd N} sends orders worth more than N USD
     * as icebergs showing at most N at a time.
     */
    public static Setup fromArgs(ParameterTool p) {
      RiskLimits limits = RiskLimits.builder().account(p.get("account", "paper")).build();
      String broker = p.get("broker", "simulated");
      BrokerConnector connector =
          switch (broker) {
            case "simulated" -> BrokerConnector.simulated(BrokerConfig.defaults());
            case "alpaca" -> AlpacaConnector.fromArgs(p, limits.account());
            default ->
                throw new IllegalArgumentException(
                    "--broker must be simulated or alpaca, was " + broker);
          };
      String order = p.get("gate-order", broker.equals("alpaca") ? "arrival" : "event-time");
      AccountRiskGate.Ordering ordering =
          switch (order) {
            case "event-time" -> AccountRiskGate.Ordering.EVENT_TIME;
            case "arrival" -> AccountRiskGate.Ordering.ARRIVAL;
            default ->
                throw new IllegalArgumentException(
                    "--gate-order must be event-time or arrival, was " + order);
          };
      StrategyConfig strategy = StrategyConfig.defaults();
      if (p.has("iceberg-display-usd")) {
        strategy = strategy.withIceberg(new java.math.BigDecimal(p.get("iceberg-display-usd")));
      }
      return new Setup(
          new QuantileEdgeStrategy(strategy),
          new RiskGate(limits),
          connector,
          Rules.defaults(limits.account()),
          ordering);
    }
  }

  /** The temporal rules' settings. */
  public record Rules(
      PriceMoveRule priceMove,
      OrderBurstRule orderBurst,
      BrokerRejectionsRule brokerRejections,
      LosingStreakRule losingStreak)
      implements java.io.Serializable {

    public static Rules defaults(String account) {
      return new Rules(
          PriceMoveRule.defaults(account),
          OrderBurstRule.defaults(account),
          BrokerRejectionsRule.defaults(account),
          LosingStreakRule.defaults(account));
    }
  }

  private ExecutionJob() {}

  public static void main(String[] args) throws Exception {
    Setup setup = Setup.fromArgs(ParameterTool.fromArgs(args));
    Pipelines.run(NAME, args, (env, settings) -> build(env, settings, setup));
  }

  public static void build(StreamExecutionEnvironment env, JobSettings settings) {
    build(env, settings, Setup.defaults());
  }

  public static void build(StreamExecutionEnvironment env, JobSettings settings, Setup setup) {
    Outputs out =
        defineWorkflow(
            env,
            settings,
            JobIo.source(env, settings, NAME, Topics.FORECASTS, ExecutionUids.FORECASTS_SOURCE),
            JobIo.source(env, settings, NAME, Topics.BARS_1M, ExecutionUids.BARS_SOURCE),
            JobIo.source(
                env,
                settings,
                NAME,
                Topics.TRADING_CONTROL,
                ExecutionUids.CONTROL_SOURCE,
                CONTROL_IDLENESS),
            JobIo.source(
                env,
                settings,
                NAME,
                Topics.BROKER_FEEDBACK,
                ExecutionUids.FEEDBACK_SOURCE,
                CONTROL_IDLENESS),
            setup);
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
    JobIo.write(
        out.stateChanges(),
        settings,
        NAME,
        "trading-state",
        Topics.TRADING_STATE,
        new TradingStatesTable());
    JobIo.writeTable(
        out.appliedCommands(), settings, NAME, "applied-commands", new ControlCommandsTable());
    JobIo.writeImmediately(
        out.ruleAlerts(),
        settings,
        NAME,
        "rule-alerts",
        Topics.TRADING_CONTROL,
        "rule alerts to the control bus");
    JobIo.writeImmediately(
        out.brokerFeedback(),
        settings,
        NAME,
        "broker-feedback",
        Topics.BROKER_FEEDBACK,
        "broker feedback to the gate");
    JobIo.writeImmediately(
        out.acks(),
        settings,
        NAME,
        "control-acks",
        Topics.CONTROL_ACKS,
        "answers to operators' commands");
    JobIo.writeDeadLetters(out.deadLetters(), settings, NAME);
  }

  /**
   * The trading path: forecasts, bars and the two command streams in (raw), every output before
   * sinks are attached. Each step is a method of its own below.
   */
  public static Outputs defineWorkflow(
      StreamExecutionEnvironment env,
      JobSettings settings,
      DataStream<RawRecord> rawForecasts,
      DataStream<RawRecord> rawBars,
      DataStream<RawRecord> rawControl,
      DataStream<RawRecord> rawFeedback,
      Setup setup) {
    String account = setup.gate().limits().account();
    Inputs in = parse(rawForecasts, rawBars, rawControl, rawFeedback, account, settings.runId());
    // The price-move rule watches the bars, upstream of the gate: its halts go straight in.
    DataStream<ControlCommand> priceMoves =
        TemporalRule.apply(in.bars(), setup.rules().priceMove())
            .uid(ExecutionUids.PRICE_MOVE_RULE)
            .name("rule: price move");
    SingleOutputStreamOperator<Order> approved = gate(in, priceMoves, account, setup);
    DataStream<ControlCommand> applied = approved.getSideOutput(AccountRiskGate.COMMANDS);
    BrokerConnector.Outputs broker =
        setup.broker().connect(env, settings, approved, in.bars(), applied);
    SingleOutputStreamOperator<Position> positions = ledger(broker.fills(), in.bars());
    DataStream<DeadLetter> dead =
        in.deadLetters().union(approved.getSideOutput(AccountRiskGate.DEAD));
    return new Outputs(
        approved.getSideOutput(AccountRiskGate.DECISIONS),
        approved.union(broker.updates()),
        broker.fills(),
        positions,
        approved.getSideOutput(AccountRiskGate.STATE_CHANGES),
        applied,
        alerts(approved, broker, positions, setup.rules(), settings.runId()),
        unfilled(broker, account, setup.broker().name(), settings.runId()),
        approved.getSideOutput(AccountRiskGate.ACKS).union(in.acks()),
        broker.dead() == null ? dead : dead.union(broker.dead()));
  }

  /** The parsed inputs: what the gate and the broker read, and what parsing refused. */
  private record Inputs(
      DataStream<Forecast> forecasts,
      DataStream<MinuteBar> bars,
      DataStream<ControlCommand> commands,
      DataStream<ControlCommand> feedback,
      DataStream<ControlAck> acks,
      DataStream<DeadLetter> deadLetters) {}

  /**
   * Parses the four inputs; keeps only bars newer than the last one per symbol (a stale or repeated
   * bar, which the features job refuses too, must not halt a symbol or move a mark), the commands
   * for this account and run, and the broker feedback of this job's own broker.
   */
  private static Inputs parse(
      DataStream<RawRecord> rawForecasts,
      DataStream<RawRecord> rawBars,
      DataStream<RawRecord> rawControl,
      DataStream<RawRecord> rawFeedback,
      String account,
      String runId) {
    SingleOutputStreamOperator<Forecast> forecasts =
        rawForecasts
            .process(new ParseEvents<>(Forecast.class, ExecutionUids.PARSE_FORECASTS))
            .uid(ExecutionUids.PARSE_FORECASTS)
            .name("parse forecasts");
    SingleOutputStreamOperator<MinuteBar> parsedBars =
        rawBars
            .process(new ParseEvents<>(MinuteBar.class, ExecutionUids.PARSE_BARS))
            .uid(ExecutionUids.PARSE_BARS)
            .name("parse bars");
    SingleOutputStreamOperator<MinuteBar> bars =
        parsedBars
            .keyBy(MinuteBar::symbol)
            .process(new NewestPerKey<>(MinuteBar.class, ExecutionUids.NEWEST_BARS, "stale-bar"))
            .uid(ExecutionUids.NEWEST_BARS)
            .name("newest bars only");
    SingleOutputStreamOperator<ControlCommand> control =
        rawControl
            .process(new ParseEvents<>(ControlCommand.class, ExecutionUids.PARSE_CONTROL))
            .uid(ExecutionUids.PARSE_CONTROL)
            .name("parse control commands");
    SingleOutputStreamOperator<ControlCommand> admitted =
        control
            .process(new AdmitCommands(account, runId))
            .uid(ExecutionUids.ADMIT_COMMANDS)
            .name("commands for this account and run");
    SingleOutputStreamOperator<ControlCommand> parsedFeedback =
        rawFeedback
            .process(new ParseEvents<>(ControlCommand.class, ExecutionUids.PARSE_FEEDBACK))
            .uid(ExecutionUids.PARSE_FEEDBACK)
            .name("parse broker feedback");
    SingleOutputStreamOperator<ControlCommand> feedback =
        parsedFeedback
            .process(
                new AdmitCommands(
                    account, runId, AdmitCommands.Path.BROKER, ExecutionUids.ADMIT_FEEDBACK))
            .uid(ExecutionUids.ADMIT_FEEDBACK)
            .name("broker feedback for this account and run");
    return new Inputs(
        forecasts,
        bars,
        admitted,
        feedback,
        admitted.getSideOutput(AdmitCommands.ACKS),
        forecasts
            .getSideOutput(ParseEvents.DEAD_LETTERS)
            .union(
                parsedBars.getSideOutput(ParseEvents.DEAD_LETTERS),
                bars.getSideOutput(ParseEvents.DEAD_LETTERS),
                control.getSideOutput(ParseEvents.DEAD_LETTERS),
                admitted.getSideOutput(AdmitCommands.DEAD),
                parsedFeedback.getSideOutput(ParseEvents.DEAD_LETTERS),
                feedback.getSideOutput(AdmitCommands.DEAD)));
  }

  /**
   * The account's strategy and pre-trade risk gate: forecasts, bars and commands (the operators',
   * the price-move rule's and the broker's feedback) meet in one keyed operator per account.
   */
  private static SingleOutputStreamOperator<Order> gate(
      Inputs in, DataStream<ControlCommand> priceMoves, String account, Setup setup) {
    DataStream<GateInput> gateInputs =
        in.forecasts()
            .map(f -> GateInput.of(account, f))
            .returns(GateInput.class)
            .uid(ExecutionUids.RISK_GATE + "-forecasts")
            .name("forecasts to the gate")
            .union(
                in.bars()
                    .map(b -> GateInput.of(account, b))
                    .returns(GateInput.class)
                    .uid(ExecutionUids.RISK_GATE + "-bars")
                    .name("bars to the gate"),
                in.commands()
                    .union(priceMoves, in.feedback())
                    .map(GateInput::of)
                    .returns(GateInput.class)
                    .uid(ExecutionUids.RISK_GATE + "-commands")
                    .name("commands to the gate"));
    return gateInputs
        .keyBy(GateInput::account)
        .process(new AccountRiskGate(setup.strategy(), setup.gate(), setup.ordering()))
        .uid(ExecutionUids.RISK_GATE)
        .name("strategy and pre-trade risk gate");
  }

  /** Positions and PnL per symbol from the broker's fills, marked at every bar. */
  private static SingleOutputStreamOperator<Position> ledger(
      DataStream<Fill> fills, DataStream<MinuteBar> bars) {
    return fills
        .keyBy(Fill::symbol)
        .connect(bars.keyBy(MinuteBar::symbol))
        .process(new PositionLedger())
        .uid(ExecutionUids.LEDGER)
        .name("position ledger");
  }

  /**
   * The temporal rules downstream of the gate (order bursts, broker rejections, losing streaks) and
   * the broker's own alerts, tagged with the run, for the control bus.
   */
  private static DataStream<ControlCommand> alerts(
      DataStream<Order> approved,
      BrokerConnector.Outputs broker,
      SingleOutputStreamOperator<Position> positions,
      Rules rules,
      String runId) {
    DataStream<ControlCommand> alerts =
        TemporalRule.apply(approved, rules.orderBurst())
            .uid(ExecutionUids.ORDER_BURST_RULE)
            .name("rule: order burst")
            .union(
                TemporalRule.apply(
                        broker
                            .updates()
                            .filter(o -> o.status() == OrderStatus.REJECTED)
                            .uid(ExecutionUids.BROKER_REJECTIONS_RULE + "-filter")
                            .name("broker rejections"),
                        rules.brokerRejections())
                    .uid(ExecutionUids.BROKER_REJECTIONS_RULE)
                    .name("rule: broker rejections"),
                TemporalRule.apply(
                        positions.getSideOutput(PositionLedger.CLOSED_TRADES), rules.losingStreak())
                    .uid(ExecutionUids.LOSING_STREAK_RULE)
                    .name("rule: losing streak"));
    if (broker.alerts() != null) {
      alerts = alerts.union(broker.alerts());
    }
    return tagged(
        alerts, runId, ExecutionUids.ADMIT_COMMANDS + "-tag-run", "tag alerts with the run");
  }

  /**
   * What the broker will not fill goes back to the gate, which booked it at approval, on the
   * broker's own topic: the operators' control bus never carries a broker-only command.
   */
  private static DataStream<ControlCommand> unfilled(
      BrokerConnector.Outputs broker, String account, String brokerName, String runId) {
    return tagged(
        broker
            .updates()
            .flatMap(new BrokerFeedback(account, brokerName))
            .returns(ControlCommand.class)
            .uid(ExecutionUids.ADMIT_COMMANDS + "-unfilled")
            .name("unfilled remainders to the gate"),
        runId,
        ExecutionUids.ADMIT_COMMANDS + "-tag-run-feedback",
        "tag feedback with the run");
  }

  /** {@code commands} with their source tagged with the run, so a replay skips other runs'. */
  private static DataStream<ControlCommand> tagged(
      DataStream<ControlCommand> commands, String runId, String uid, String name) {
    return commands
        .map(c -> c.withSource(AdmitCommands.tagged(c.source(), runId)))
        .returns(ControlCommand.class)
        .uid(uid)
        .name(name);
  }
}
