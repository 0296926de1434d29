package io.github.flinktrader.execution;

import io.github.flinktrader.records.Fill;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.OrderStatus;
import io.github.flinktrader.records.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * A broker for demos and backtests: fills each market order completely at the open of the first bar
 * that starts at or after the order's decision time (the next bar), moved against the order by the
 * slippage, and charges a commission. Orders and bars may reach it in either order: bars are kept
 * for {@link BrokerConfig#barRetentionMinutes()} (cleaned up by event-time timers), orders wait
 * until their bar comes. Filled orders are reported on {@link #ORDER_UPDATES}.
 */
public final class SimulatedBroker extends KeyedCoProcessFunction<String, Order, MinuteBar, Fill> {

  private static final long serialVersionUID = 1L;
  private static final BigDecimal BPS = new BigDecimal("10000");
  private static final int PRICE_SCALE = 8;
  private static final long MINUTE = 60_000L;

  public static final OutputTag<Order> ORDER_UPDATES = new OutputTag<>("order-updates") {};

  private final BrokerConfig config;

  private transient MapState<Long, MinuteBar> barsByStart;
  private transient ValueState<Long> latestBarStart;
  private transient ListState<Order> pending;

  public SimulatedBroker(BrokerConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext ctx) {
    barsByStart =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("bars-by-start", Types.LONG, Types.POJO(MinuteBar.class)));
    latestBarStart =
        getRuntimeContext().getState(new ValueStateDescriptor<>("latest-bar-start", Types.LONG));
    pending =
        getRuntimeContext().getListState(new ListStateDescriptor<>("pending-orders", Order.class));
  }

  @Override
  public void processElement1(Order order, Context ctx, Collector<Fill> out) throws Exception {
    Long latest = latestBarStart.value();
    if (latest != null && latest >= order.submittedAt()) {
      // The next bar may already be here: it is the first retained bar starting at or after the
      // order.
      for (long start = firstMinuteAtOrAfter(order.submittedAt());
          start <= latest;
          start += MINUTE) {
        MinuteBar bar = barsByStart.get(start);
        if (bar != null) {
          fill(order, bar, ctx, out);
          return;
        }
      }
    }
    pending.add(order);
  }

  @Override
  public void processElement2(MinuteBar bar, Context ctx, Collector<Fill> out) throws Exception {
    Long latest = latestBarStart.value();
    if (latest != null && bar.start() <= latest) {
      return; // a duplicate or out-of-order bar: the one already kept was used for fills
    }
    barsByStart.put(bar.start(), bar);
    latestBarStart.update(bar.start());
    ctx.timerService().registerEventTimeTimer(bar.end() + config.barRetentionMinutes() * MINUTE);

    List<Order> stillWaiting = new ArrayList<>();
    for (Order o : pending.get()) {
      if (o.submittedAt() <= bar.start()) {
        fill(o, bar, ctx, out);
      } else {
        stillWaiting.add(o);
      }
    }
    pending.update(stillWaiting);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Fill> out) throws Exception {
    long expiredStart = timestamp - config.barRetentionMinutes() * MINUTE - MINUTE;
    barsByStart.remove(expiredStart);
    if (barsByStart.isEmpty()) {
      latestBarStart.clear();
    }
  }

  private void fill(Order order, MinuteBar bar, Context ctx, Collector<Fill> out) {
    BigDecimal slip =
        BigDecimal.ONE.add(
            order.side() == Side.BUY
                ? config.slippageBps().divide(BPS)
                : config.slippageBps().divide(BPS).negate());
    BigDecimal price =
        bar.open()
            .multiply(slip)
            .setScale(PRICE_SCALE, RoundingMode.HALF_EVEN)
            .stripTrailingZeros();
    BigDecimal commission =
        order
            .quantity()
            .multiply(price)
            .multiply(config.commissionBps())
            .divide(BPS)
            .setScale(PRICE_SCALE, RoundingMode.HALF_EVEN)
            .stripTrailingZeros();
    out.collect(
        new Fill(
            order.clientOrderId() + "-1",
            order.clientOrderId(),
            order.symbol(),
            bar.start(),
            order.side(),
            order.quantity(),
            price,
            commission));
    ctx.output(
        ORDER_UPDATES,
        new Order(
            order.clientOrderId(),
            order.symbol(),
            order.submittedAt(),
            order.side(),
            order.type(),
            order.quantity(),
            order.limitPrice(),
            OrderStatus.FILLED));
  }

  private static long firstMinuteAtOrAfter(long t) {
    return (t + MINUTE - 1) / MINUTE * MINUTE;
  }
}
