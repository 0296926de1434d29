package io.github.flinktrader.execution.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.execution.ClosedTrade;
import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.OrderStatus;
import io.github.flinktrader.records.Side;
import io.github.flinktrader.testing.BoundedJobs;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/**
 * Each temporal rule on a local Flink cluster in event time: the events carry their own times, out
 * of order where it matters, and a match must fall inside the rule's window.
 */
class TemporalRulesTest {

  private static final long T0 = 1_385_337_600_000L;
  private static final long S = 1000;

  /** The event time of an event; serializable, as Flink ships it to the cluster. */
  interface EventTime<E> extends java.io.Serializable {
    long applyAsLong(E e);
  }

  private static <E> List<ControlCommand> run(
      List<E> events, TypeInformation<E> type, EventTime<E> time, TemporalRule<E> rule)
      throws Exception {
    StreamExecutionEnvironment env = BoundedJobs.environment("execution");
    DataStream<E> in =
        env.fromData(events, type)
            .uid("test-events")
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<E>forBoundedOutOfOrderness(Duration.ofSeconds(30))
                    .withTimestampAssigner((e, t) -> time.applyAsLong(e)))
            .uid("test-event-times");
    List<ControlCommand> out = new ArrayList<>();
    try (CloseableIterator<ControlCommand> it =
        TemporalRule.apply(in, rule).uid("test-rule").executeAndCollect()) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  private static Order order(String id, String symbol, long t, OrderStatus status) {
    return Order.market(id, symbol, t, Side.BUY, BigDecimal.ONE)
        .withStatus(status, BigDecimal.ZERO, "insufficient buying power");
  }

  @Test
  void threeBrokerRejectionsWithinFiveMinutesHaltTheSymbol() throws Exception {
    List<Order> orders =
        List.of(
            order("a", "BTCUSD", T0, OrderStatus.REJECTED),
            order("b", "BTCUSD", T0 + 200 * S, OrderStatus.REJECTED),
            order("c", "ETHUSD", T0 + 210 * S, OrderStatus.REJECTED), // another symbol
            order("d", "BTCUSD", T0 + 100 * S, OrderStatus.REJECTED), // out of order, in window
            // Spread out: never three within five minutes.
            order("e", "ETHUSD", T0 + 600 * S, OrderStatus.REJECTED),
            order("f", "ETHUSD", T0 + 1000 * S, OrderStatus.REJECTED));
    List<ControlCommand> alerts =
        run(
            orders,
            Types.POJO(Order.class),
            Order::submittedAt,
            BrokerRejectionsRule.defaults("paper"));
    assertThat(alerts).hasSize(1);
    ControlCommand c = alerts.get(0);
    assertThat(c.kind()).isEqualTo(ControlCommand.Kind.HALT_SYMBOL);
    assertThat(c.symbol()).isEqualTo("BTCUSD");
    assertThat(c.issuedAt()).isEqualTo(T0 + 200 * S);
    assertThat(c.source()).isEqualTo("rule:broker-rejections");
    assertThat(c.reason())
        .isEqualTo("3 broker rejections within 300 s, the last: insufficient buying power");
    assertThat(c.violation()).isEmpty();
  }

  @Test
  void aBurstOfOrdersThrottlesTheSymbol() throws Exception {
    List<Order> orders = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      orders.add(order("b" + i, "BTCUSD", T0 + i * 60 * S, OrderStatus.NEW)); // 5 in 4 minutes
      orders.add(order("e" + i, "ETHUSD", T0 + i * 180 * S, OrderStatus.NEW)); // 5 in 12 minutes
    }
    List<ControlCommand> alerts =
        run(orders, Types.POJO(Order.class), Order::submittedAt, OrderBurstRule.defaults("paper"));
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).kind()).isEqualTo(ControlCommand.Kind.THROTTLE);
    assertThat(alerts.get(0).symbol()).isEqualTo("BTCUSD");
    assertThat(alerts.get(0).until()).isEqualTo(T0 + 240 * S + 30 * 60 * S);
    assertThat(alerts.get(0).reason()).isEqualTo("5 orders in 240 s (limit 5 within 600 s)");
  }

  private static MinuteBar bar(String symbol, long minute, String close, String high, String low) {
    long start = T0 + minute * 60 * S;
    return new MinuteBar(
        symbol,
        start,
        start + 60 * S,
        new BigDecimal(close),
        new BigDecimal(high),
        new BigDecimal(low),
        new BigDecimal(close),
        BigDecimal.ONE,
        new BigDecimal(close),
        1);
  }

  @Test
  void aPriceMoveBeyondFivePercentWithinABarIsAVolatilityHalt() throws Exception {
    List<MinuteBar> bars =
        List.of(
            bar("BTCUSD", 0, "100", "100", "100"),
            bar("BTCUSD", 1, "103", "104.9", "99"), // 4.9%: no
            bar("ETHUSD", 0, "10", "10", "10"),
            bar("ETHUSD", 1, "10", "10.2", "9.4"), // low 6% below the last close: yes
            bar("BTCUSD", 2, "103", "103", "103"),
            bar("BTCUSD", 10, "110", "110", "110")); // 6.8% but eight minutes later: no
    List<ControlCommand> alerts =
        run(
            bars,
            TypeInformation.of(MinuteBar.class),
            b -> b.end() - 1,
            PriceMoveRule.defaults("paper"));
    assertThat(alerts).hasSize(1);
    ControlCommand c = alerts.get(0);
    assertThat(c.kind()).isEqualTo(ControlCommand.Kind.VOLATILITY_HALT);
    assertThat(c.symbol()).isEqualTo("ETHUSD");
    assertThat(c.until()).isEqualTo(T0 + 2 * 60 * S + 15 * 60 * S);
    assertThat(c.reason()).startsWith("price moved 6.00% from 10 to 9.4-10.2");
  }

  @Test
  void fourLosingTradesInARowCoolTheSymbolDownAndAWinBreaksTheStreak() throws Exception {
    List<ClosedTrade> trades = new ArrayList<>();
    String[] btc = {"-1", "-2", "3", "-1", "-1", "-1", "-5"}; // the win resets: losses 4..7 match
    String[] eth = {"-1", "-1", "-1", "2", "-1"};
    for (int i = 0; i < btc.length; i++) {
      trades.add(
          new ClosedTrade(
              "BTCUSD", T0 + i * 60 * S, "o" + i, BigDecimal.ONE, new BigDecimal(btc[i])));
    }
    for (int i = 0; i < eth.length; i++) {
      trades.add(
          new ClosedTrade(
              "ETHUSD", T0 + i * 60 * S, "p" + i, BigDecimal.ONE, new BigDecimal(eth[i])));
    }
    List<ControlCommand> alerts =
        run(
            trades,
            TypeInformation.of(ClosedTrade.class),
            ClosedTrade::time,
            LosingStreakRule.defaults("paper"));
    assertThat(alerts).hasSize(1);
    ControlCommand c = alerts.get(0);
    assertThat(c.kind()).isEqualTo(ControlCommand.Kind.COOLDOWN);
    assertThat(c.symbol()).isEqualTo("BTCUSD");
    assertThat(c.issuedAt()).isEqualTo(T0 + 6 * 60 * S);
    assertThat(c.until()).isEqualTo(T0 + 6 * 60 * S + 60 * 60 * S);
    assertThat(c.reason()).isEqualTo("4 losing trades in a row, -8 in all");
  }
}
