package io.github.flinktrader.execution;

import static io.github.flinktrader.execution.KafkaJobTesting.producer;
import static io.github.flinktrader.execution.KafkaJobTesting.read;
import static io.github.flinktrader.execution.KafkaJobTesting.send;
import static io.github.flinktrader.execution.KafkaJobTesting.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.ControlAck;
import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.OrderStatus;
import io.github.flinktrader.records.RiskDecision;
import io.github.flinktrader.records.TradingState;
import io.github.flinktrader.records.TradingStateChange;
import io.github.flinktrader.testing.LocalKafka;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * The kill switch end to end: the execution job runs on a local Flink cluster against a real Kafka
 * broker, trades, and a KILL sent with {@link ControlBus} (what {@code ./run tool kill} does) halts
 * the account, cancels the broker's open orders and blocks every later order. The time from sending
 * the command to the gate applying it is measured and printed.
 */
class KillSwitchTest {

  private static final long T0 = 1_385_337_600_000L;
  private static final long MIN = 60_000L;

  private static void live(KafkaProducer<byte[], byte[]> p, long minute) throws Exception {
    send(p, Topics.BARS_1M, bar(minute, "100"));
    p.flush();
    Thread.sleep(300);
    send(p, Topics.FORECASTS, forecast(minute + 1));
    p.flush();
  }

  /**
   * Sends {@code c} as {@code ./run tool kill} does and waits up to {@code seconds} for its answer.
   */
  private static ControlBus.Sent command(LocalKafka kafka, int seconds, ControlCommand c)
      throws Exception {
    return ControlBus.sendAndAwait(kafka.bootstrapServers(), c, Duration.ofSeconds(seconds));
  }

  private static MinuteBar bar(long minute, String volume) {
    long start = T0 + minute * MIN;
    BigDecimal p = new BigDecimal("100");
    return new MinuteBar("BTCUSD", start, start + MIN, p, p, p, p, new BigDecimal(volume), p, 1);
  }

  private static Forecast forecast(long minute) {
    return new Forecast(
        "BTCUSD",
        T0 + minute * MIN,
        "test/1",
        new BigDecimal("100"),
        new int[] {60},
        new double[] {0.1, 0.5, 0.9},
        new double[] {140, 150, 160},
        false);
  }

  @Test
  void aKillHaltsWithinASecondCancelsOpenOrdersAndBlocksNewOnes() throws Exception {
    try (LocalKafka kafka = LocalKafka.start()) {
      JobSettings settings =
          new JobSettings(
              kafka.bootstrapServers(),
              null,
              false,
              Duration.ofMillis(500),
              "file:///tmp/kill-switch-test-checkpoints",
              1,
              "kill");
      ExecutionJob.Setup setup = Fixtures.simulatedSetup();
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.getExecutionEnvironment(
              Pipelines.configuration(settings, ExecutionJob.NAME));
      env.setParallelism(1);
      ExecutionJob.build(env, settings, setup);
      JobClient job = env.executeAsync("execution with a kill switch");
      try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
        // Each minute's bar, then the forecast made on it; the gate applies them in event-time
        // order
        // (a forecast once the next minute's data has moved the watermark past it). Thin volume:
        // the
        // broker may take 25 of each bar (25% of 100), so the 200-unit orders stay open.
        for (long m = 0; m < 5; m++) {
          live(producer, m);
        }
        List<Order> before =
            waitFor(
                () -> read(kafka, Topics.ORDERS, Order.class),
                o -> o.stream().anyMatch(x -> x.status() == OrderStatus.PARTIALLY_FILLED),
                "orders working at the broker");
        assertThat(before).isNotEmpty();

        // A halt for a symbol the account has never seen is refused, with the reason, and
        // changes nothing; so is a broker-only command from the operators' bus; a command for an
        // account no job runs is not answered at all.
        ControlBus.Sent typo =
            command(
                kafka,
                20,
                new ControlCommand(
                    "paper",
                    ControlCommand.Kind.HALT_SYMBOL,
                    "BTCUSDD",
                    System.currentTimeMillis(),
                    0,
                    "operator:test",
                    "a typo"));
        assertThat(typo.ack())
            .hasValueSatisfying(
                a -> {
                  assertThat(a.outcome()).isEqualTo(ControlAck.Outcome.REFUSED);
                  assertThat(a.detail())
                      .startsWith("unknown-symbol: account paper has no bar")
                      .contains("known: BTCUSD");
                });
        ControlBus.Sent forged =
            command(
                kafka,
                3,
                new ControlCommand(
                    "paper",
                    ControlCommand.Kind.UNFILLED,
                    "BTCUSD",
                    System.currentTimeMillis(),
                    0,
                    "broker:simulated@kill",
                    "forged",
                    new BigDecimal("1000")));
        assertThat(forged.ack()).isEmpty(); // a system source gets no answer, only a dead letter
        ControlBus.Sent forgedByOperator =
            command(
                kafka,
                20,
                new ControlCommand(
                    "paper",
                    ControlCommand.Kind.UNFILLED,
                    "BTCUSD",
                    System.currentTimeMillis(),
                    0,
                    "operator:test",
                    "forged",
                    new BigDecimal("1000")));
        assertThat(forgedByOperator.ack())
            .hasValueSatisfying(
                a -> {
                  assertThat(a.outcome()).isEqualTo(ControlAck.Outcome.REFUSED);
                  assertThat(a.detail()).startsWith("broker-only-command: UNFILLED");
                });
        assertThat(
                waitFor(
                    () -> read(kafka, Topics.DEAD_LETTERS, DeadLetter.class),
                    d -> d.size() >= 3,
                    "the refused commands' dead letters"))
            .extracting(DeadLetter::reason)
            .containsExactlyInAnyOrder(
                "unknown-symbol", "broker-only-command", "broker-only-command");
        ControlBus.Sent nobody =
            command(
                kafka,
                3,
                new ControlCommand(
                    "papr",
                    ControlCommand.Kind.KILL,
                    null,
                    System.currentTimeMillis(),
                    0,
                    "operator:test",
                    "mistyped account"));
        assertThat(nobody.ack()).isEmpty();

        long sentAt = System.currentTimeMillis();
        ControlBus.Sent kill =
            command(
                kafka,
                20,
                new ControlCommand(
                    "paper",
                    ControlCommand.Kind.KILL,
                    null,
                    sentAt,
                    0,
                    "operator:test",
                    "kill switch test"));
        assertThat(kill.ack())
            .hasValueSatisfying(
                a -> {
                  assertThat(a.outcome()).isEqualTo(ControlAck.Outcome.APPLIED);
                  assertThat(a.detail()).isEqualTo("ACTIVE -> HALTED");
                });
        TradingStateChange halt =
            waitFor(
                    () -> read(kafka, Topics.TRADING_STATE, TradingStateChange.class),
                    c -> !c.isEmpty(),
                    "the trading state change")
                .get(0);
        long timeToHalt = halt.processedAt() - sentAt;
        System.out.printf(
            "kill switch: time to halt %d ms (sent -> applied by the gate)%n", timeToHalt);
        assertThat(halt.to()).isEqualTo(TradingState.HALTED);
        assertThat(halt.trigger()).isEqualTo("KILL by operator:test: kill switch test");
        assertThat(timeToHalt).isBetween(0L, 1000L);

        List<Order> canceled =
            waitFor(
                () ->
                    read(kafka, Topics.ORDERS, Order.class).stream()
                        .filter(o -> o.status() == OrderStatus.CANCELED)
                        .toList(),
                c -> !c.isEmpty(),
                "cancellations");
        assertThat(canceled).allSatisfy(o -> assertThat(o.reason()).startsWith("kill switch: "));
        // What the cancelled orders leave unfilled goes back to the gate on the broker's topic.
        List<ControlCommand> unfilled =
            waitFor(
                () ->
                    read(kafka, Topics.BROKER_FEEDBACK, "read_uncommitted", ControlCommand.class)
                        .stream()
                        .filter(c -> c.kind() == ControlCommand.Kind.UNFILLED)
                        .toList(),
                c -> c.size() == canceled.size(),
                "the unfilled remainders");
        for (Order o : canceled) {
          assertThat(unfilled)
              .filteredOn(c -> c.reason().startsWith("CANCELED " + o.clientOrderId() + ":"))
              .singleElement()
              .satisfies(
                  c -> {
                    assertThat(c.quantity())
                        .isEqualByComparingTo(o.quantity().subtract(o.filledQuantity()));
                    assertThat(c.source()).isEqualTo("broker:simulated@kill");
                  });
        }

        // Later forecasts are refused; no order is sent after the kill.
        for (long m = 5; m < 9; m++) {
          live(producer, m);
        }
        List<RiskDecision> after =
            waitFor(
                () ->
                    read(kafka, Topics.RISK_DECISIONS, RiskDecision.class).stream()
                        .filter(d -> d.decisionTime() > T0 + 6 * MIN)
                        .toList(),
                d -> d.size() >= 2,
                "decisions after the kill");
        assertThat(after)
            .allSatisfy(
                d -> {
                  assertThat(d.approved()).isFalse();
                  assertThat(d.reason()).startsWith("halted: KILL by operator:test");
                });
        assertThat(read(kafka, Topics.ORDERS, Order.class))
            .filteredOn(o -> o.status() == OrderStatus.NEW)
            .allSatisfy(o -> assertThat(o.submittedAt()).isLessThanOrEqualTo(T0 + 5 * MIN));
      } finally {
        job.cancel().get();
      }
    }
  }
}
