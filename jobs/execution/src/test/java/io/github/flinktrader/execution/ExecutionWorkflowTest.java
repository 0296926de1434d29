package io.github.flinktrader.execution;

import static io.github.flinktrader.execution.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.ControlAck;
import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Event;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.RiskDecision;
import io.github.flinktrader.records.TradingState;
import io.github.flinktrader.records.TradingStateChange;
import io.github.flinktrader.serde.Json;
import io.github.flinktrader.serde.RawRecord;
import io.github.flinktrader.testing.BoundedJobs;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The execution topology on bounded input, no Kafka: forecasts, bars and control commands in; the
 * gate's decisions, orders, state changes, answers to commands and dead letters out. The control
 * bus's round trip through Kafka (rule alerts, broker feedback) is {@code build}'s and is covered
 * by {@link KillSwitchTest}.
 */
class ExecutionWorkflowTest {

  private static final long MIN = 60_000L;

  private static RawRecord raw(String topic, long offset, Event e) {
    return new RawRecord(topic, 0, offset, e.eventTime(), Json.write(e));
  }

  private static ControlCommand operator(ControlCommand.Kind kind, String symbol, long minute) {
    return new ControlCommand(
        "paper", kind, symbol, T0 + minute * MIN, 0, "operator:test", "workflow test");
  }

  private static <T> List<T> drain(Iterator<T> it) {
    List<T> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  /** What one bounded run of the workflow produced. */
  record Run(
      List<RiskDecision> decisions,
      List<Order> orders,
      List<TradingStateChange> states,
      List<ControlAck> acks,
      List<DeadLetter> dead) {}

  /** Bars for 30 minutes at 100; forecasts for minutes 1-19, bullish and bearish in turn. */
  private static Run run(List<RawRecord> control) throws Exception {
    List<RawRecord> bars = new ArrayList<>();
    List<RawRecord> forecasts = new ArrayList<>();
    for (int m = 0; m < 30; m++) {
      bars.add(raw(Topics.BARS_1M, m, Fixtures.bar(m, "100")));
      if (m >= 1 && m < 20) {
        forecasts.add(
            raw(
                Topics.FORECASTS,
                forecasts.size(),
                Fixtures.forecast(m, m % 2 == 0 ? 0.02 : -0.02, 0.005, false)));
      }
    }
    long next = forecasts.size();
    forecasts.add(
        new RawRecord(
            Topics.FORECASTS,
            0,
            next++,
            T0 + 5 * MIN,
            "{\"symbol\":".getBytes(StandardCharsets.UTF_8)));
    // Crossed quantiles: never sized from.
    forecasts.add(
        raw(
            Topics.FORECASTS,
            next,
            new io.github.flinktrader.records.Forecast(
                "BTCUSD",
                T0 + 21 * MIN,
                "test/1",
                new BigDecimal("100"),
                new int[] {60},
                new double[] {0.1, 0.5, 0.9},
                new double[] {103, 102, 101},
                false)));
    StreamExecutionEnvironment env = BoundedJobs.environment(ExecutionJob.NAME);
    JobSettings settings =
        new JobSettings(
            "localhost:9092", null, false, Duration.ofSeconds(1), "file:///tmp/x", 1, "wf");
    ExecutionJob.Setup setup = Fixtures.simulatedSetup();
    ExecutionJob.Outputs out =
        ExecutionJob.defineWorkflow(
            env,
            settings,
            BoundedJobs.source(env, forecasts, "test-forecasts"),
            BoundedJobs.source(env, bars, "test-bars"),
            BoundedJobs.source(env, control, "test-control"),
            // Broker feedback comes back through Kafka in build; here one for another account,
            // which passes by.
            BoundedJobs.source(
                env,
                List.of(
                    raw(
                        Topics.BROKER_FEEDBACK,
                        0,
                        new ControlCommand(
                            "other",
                            ControlCommand.Kind.UNFILLED,
                            "BTCUSD",
                            T0,
                            0,
                            "broker:simulated@wf",
                            "not ours",
                            BigDecimal.ONE))),
                "test-feedback"),
            setup);
    var decisions = out.decisions().collectAsync();
    var orders = out.orders().collectAsync();
    var states = out.stateChanges().collectAsync();
    var acks = out.acks().collectAsync();
    var dead = out.deadLetters().collectAsync();
    env.execute("execution-workflow-test");
    return new Run(drain(decisions), drain(orders), drain(states), drain(acks), drain(dead));
  }

  @Test
  void forecastsBecomeDecisionsAndOrdersAndBadInputDeadLetters() throws Exception {
    Run r =
        run(
            List.of(
                raw(
                    Topics.TRADING_CONTROL,
                    0,
                    operator(ControlCommand.Kind.HALT_SYMBOL, "BTCUSDD", 2)),
                raw(
                    Topics.TRADING_CONTROL,
                    1,
                    new ControlCommand(
                        "paper",
                        ControlCommand.Kind.UNFILLED,
                        "BTCUSD",
                        T0 + 3 * MIN,
                        0,
                        "operator:test",
                        "forged",
                        BigDecimal.TEN))));
    // Every plausible forecast that called for a trade was decided on; approved ones are orders.
    assertThat(r.decisions()).hasSizeBetween(2, 19);
    assertThat(r.decisions()).anySatisfy(x -> assertThat(x.approved()).isTrue());
    assertThat(r.orders().stream().map(Order::clientOrderId).distinct().toList())
        .containsAll(
            r.decisions().stream()
                .filter(RiskDecision::approved)
                .map(RiskDecision::clientOrderId)
                .toList());
    // The typo and the forged broker command are refused, answered, and change nothing.
    assertThat(r.acks())
        .extracting(x -> x.kind() + " " + x.outcome())
        .containsExactlyInAnyOrder("HALT_SYMBOL REFUSED", "UNFILLED REFUSED");
    assertThat(r.states()).isEmpty();
    assertThat(r.dead())
        .extracting(DeadLetter::reason)
        .containsExactlyInAnyOrder(
            "unknown-symbol", "broker-only-command", "malformed-json", "implausible-forecast");
  }

  @Test
  void aKillHaltsTheAccountAndAnotherAccountsCommandPassesBy() throws Exception {
    Run r =
        run(
            List.of(
                raw(Topics.TRADING_CONTROL, 0, operator(ControlCommand.Kind.KILL, null, 4)),
                raw(
                    Topics.TRADING_CONTROL,
                    1,
                    new ControlCommand(
                        "other",
                        ControlCommand.Kind.RESET,
                        null,
                        T0 + 5 * MIN,
                        0,
                        "operator:test",
                        "another account's"))));
    assertThat(r.acks())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.kind()).isEqualTo(ControlCommand.Kind.KILL);
              assertThat(x.outcome()).isEqualTo(ControlAck.Outcome.APPLIED);
              assertThat(x.detail()).isEqualTo("ACTIVE -> HALTED");
            });
    assertThat(r.states())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.to()).isEqualTo(TradingState.HALTED);
              assertThat(x.trigger()).startsWith("KILL by operator:test");
            });
    // Every forecast is released only once the control input's watermark passed it, so after
    // the KILL was applied: the same input that traded in the test above sends no order at all.
    assertThat(r.orders()).isEmpty();
    assertThat(r.decisions()).noneMatch(RiskDecision::approved);
  }
}
