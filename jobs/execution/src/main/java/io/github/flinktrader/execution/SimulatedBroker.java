package io.github.flinktrader.execution;

import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Fill;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.OrderStatus;
import io.github.flinktrader.records.OrderType;
import io.github.flinktrader.records.Side;
import io.github.flinktrader.serde.DeadLetters;
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
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * A broker for demos and backtests, keyed by symbol. An order is accepted at once and works from
 * the first bar that starts at or after it was sent (the next bar): a market order fills at the
 * bar's open moved against it by the slippage; a limit order when the bar trades through its limit
 * (at the better of open and limit); a stop order once the bar reaches the stop (at the worse of
 * open and stop), a stop-limit then as a limit. Every fill takes at most {@link
 * BrokerConfig#participation()} of the bar's volume, shared by all orders in the bar, so a large
 * order fills partially over several bars; what is left after {@link
 * BrokerConfig#expireAfterMinutes()} expires. A commission is charged on every fill.
 *
 * <p>Orders and bars are held until the watermark passes them and then worked in event-time order
 * (an order before the bars after it; orders in a bar in the order they were sent), so the same
 * input always gives the same fills, however the two streams interleave on the way. Bars are kept
 * for {@link BrokerConfig#barRetentionMinutes()} (cleaned up by event-time timers) for an order
 * that reaches the broker after its bar. A KILL on the control broadcast cancels every open order
 * of every symbol. A client order id seen before is refused (dead letter), as a real broker refuses
 * a reused one. An iceberg ({@link Order#iceberg()}) is worked as child orders of at most its
 * display quantity ({@code <id>-1}, {@code <id>-2}, ...), each shown from the bar after the one
 * before it filled; the parent's updates report the children's progress.
 */
public final class SimulatedBroker
    extends KeyedBroadcastProcessFunction<String, BrokerInput, ControlCommand, Fill> {

  private static final long serialVersionUID = 1L;
  private static final BigDecimal BPS = new BigDecimal("10000");
  private static final int PRICE_SCALE = 8;
  private static final int QUANTITY_SCALE = 8;
  private static final long MINUTE = 60_000L;

  public static final OutputTag<Order> ORDER_UPDATES = new OutputTag<>("order-updates") {};
  public static final OutputTag<DeadLetter> DEAD = new OutputTag<>("broker-dead-letters") {};

  /** The broadcast state the job declares for the control stream (unused but required). */
  public static final MapStateDescriptor<String, Long> CONTROL =
      new MapStateDescriptor<>("control-kills", Types.STRING, Types.LONG);

  static final ListStateDescriptor<Order> OPEN_ORDERS =
      new ListStateDescriptor<>("open-orders", Order.class);

  /** Iceberg parents by id, with what their children have filled. */
  static final MapStateDescriptor<String, Order> ICEBERGS =
      new MapStateDescriptor<>("icebergs", Types.STRING, Types.POJO(Order.class));

  private final BrokerConfig config;
  private final HeldInputs<BrokerInput> held = new HeldInputs<>("held-inputs", BrokerInput.class);

  private transient MapState<Long, MinuteBar> barsByStart;
  private transient MapState<Long, BigDecimal> volumeUsed;
  private transient ValueState<Long> latestBarStart;
  private transient ListState<Order> open;
  private transient MapState<String, Boolean> seenIds;
  private transient MapState<String, Order> icebergs;

  public SimulatedBroker(BrokerConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext ctx) {
    barsByStart =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "bars-by-start", Types.LONG, TypeInformation.of(MinuteBar.class)));
    volumeUsed =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("volume-used", Types.LONG, Types.BIG_DEC));
    latestBarStart =
        getRuntimeContext().getState(new ValueStateDescriptor<>("latest-bar-start", Types.LONG));
    open = getRuntimeContext().getListState(OPEN_ORDERS);
    icebergs = getRuntimeContext().getMapState(ICEBERGS);
    seenIds =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("seen-ids", Types.STRING, Types.BOOLEAN));
    held.open(getRuntimeContext());
  }

  @Override
  public void processElement(BrokerInput in, ReadOnlyContext ctx, Collector<Fill> out)
      throws Exception {
    if (ctx.timestamp() != null && held.hold(ctx.timestamp(), in, ctx.timerService())) {
      return;
    }
    work(in, ctx, out);
  }

  private void work(BrokerInput in, ReadOnlyContext ctx, Collector<Fill> out) throws Exception {
    if (in.order() != null) {
      onOrder(in.order(), ctx, out);
    } else {
      onBar(in.bar(), ctx, out);
    }
  }

  private void onOrder(Order order, ReadOnlyContext ctx, Collector<Fill> out) throws Exception {
    if (seenIds.contains(order.clientOrderId())) {
      ctx.output(
          DEAD,
          DeadLetters.refused(
              ExecutionUids.SIMULATED_BROKER,
              order.eventTime(),
              "duplicate-client-order-id",
              "client order id " + order.clientOrderId() + " was used before",
              order));
      return;
    }
    seenIds.put(order.clientOrderId(), true);
    ctx.timerService()
        .registerEventTimeTimer(order.submittedAt() + config.expireAfterMinutes() * MINUTE);
    Order accepted = order.withStatus(OrderStatus.ACCEPTED, BigDecimal.ZERO, null);
    ctx.output(ORDER_UPDATES, accepted);
    Order working = accepted;
    if (order.iceberg()) {
      // The parent is never worked itself: its children are, one at a time.
      icebergs.put(order.clientOrderId(), accepted);
      working = accept(accepted.child(1), ctx);
    }
    Long latest = latestBarStart.value();
    long start = firstMinuteAtOrAfter(order.submittedAt());
    while (working != null) {
      for (; latest != null && start <= latest && working.open(); start += MINUTE) {
        MinuteBar bar = barsByStart.get(start);
        if (bar != null) {
          working = work(working, bar, ctx, out);
        }
      }
      if (working.open()) {
        open.add(working);
        return;
      }
      working = nextChild(working, ctx); // the next slice shows from the next bar
    }
  }

  /** A child order enters the book: remembered, and reported as accepted. */
  private Order accept(Order child, ReadOnlyContext ctx) throws Exception {
    seenIds.put(child.clientOrderId(), true);
    Order accepted = child.withStatus(OrderStatus.ACCEPTED, BigDecimal.ZERO, null);
    ctx.output(ORDER_UPDATES, accepted);
    return accepted;
  }

  /** After a child of an iceberg filled: the next child, or null when the parent is done. */
  private Order nextChild(Order done, ReadOnlyContext ctx) throws Exception {
    String parentId = done.parentClientOrderId();
    if (parentId == null || done.status() != OrderStatus.FILLED) {
      return null;
    }
    Order parent = icebergs.get(parentId);
    if (parent == null || parent.filledQuantity().compareTo(parent.quantity()) >= 0) {
      icebergs.remove(parentId);
      return null;
    }
    int k = Integer.parseInt(done.clientOrderId().substring(parentId.length() + 1));
    return accept(parent.child(k + 1), ctx);
  }

  private void onBar(MinuteBar bar, ReadOnlyContext ctx, Collector<Fill> out) throws Exception {
    Long latest = latestBarStart.value();
    if (latest != null && bar.start() <= latest) {
      return; // a duplicate or out-of-order bar: the one already kept was used for fills
    }
    barsByStart.put(bar.start(), bar);
    latestBarStart.update(bar.start());
    ctx.timerService().registerEventTimeTimer(bar.end() + config.barRetentionMinutes() * MINUTE);
    List<Order> still = new ArrayList<>();
    for (Order o : open.get()) {
      Order after = o.submittedAt() <= bar.start() ? work(o, bar, ctx, out) : o;
      if (!after.open()) {
        after = nextChild(after, ctx); // an iceberg's next slice shows from the next bar
      }
      if (after != null && after.open()) {
        still.add(after);
      }
    }
    open.update(still);
  }

  @Override
  public void processBroadcastElement(ControlCommand c, Context ctx, Collector<Fill> out)
      throws Exception {
    if (c.kind() != ControlCommand.Kind.KILL) {
      return;
    }
    ctx.applyToKeyedState(
        OPEN_ORDERS,
        (symbol, orders) -> {
          for (Order o : orders.get()) {
            ctx.output(
                ORDER_UPDATES,
                o.withStatus(
                    OrderStatus.CANCELED, o.filledQuantity(), "kill switch: " + c.reason()));
          }
          orders.clear();
        });
    ctx.applyToKeyedState(
        ICEBERGS,
        (symbol, parents) -> {
          for (var e : parents.entries()) {
            Order p = e.getValue();
            ctx.output(
                ORDER_UPDATES,
                p.withStatus(
                    OrderStatus.CANCELED, p.filledQuantity(), "kill switch: " + c.reason()));
          }
          parents.clear();
        });
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Fill> out) throws Exception {
    List<BrokerInput> inputs = held.release(timestamp);
    if (!inputs.isEmpty()) {
      inputs.sort(BrokerInput.REPLAY_ORDER);
      for (BrokerInput in : inputs) {
        work(in, ctx, out);
      }
    }
    List<Order> still = new ArrayList<>();
    for (Order o : open.get()) {
      if (o.submittedAt() + config.expireAfterMinutes() * MINUTE <= timestamp) {
        String why = "not filled within " + config.expireAfterMinutes() + " minutes";
        ctx.output(ORDER_UPDATES, o.withStatus(OrderStatus.EXPIRED, o.filledQuantity(), why));
        Order parent =
            o.parentClientOrderId() == null ? null : icebergs.get(o.parentClientOrderId());
        if (parent != null) {
          ctx.output(
              ORDER_UPDATES, parent.withStatus(OrderStatus.EXPIRED, parent.filledQuantity(), why));
          icebergs.remove(parent.clientOrderId());
        }
      } else {
        still.add(o);
      }
    }
    open.update(still);
    long expiredStart = timestamp - config.barRetentionMinutes() * MINUTE - MINUTE;
    barsByStart.remove(expiredStart);
    volumeUsed.remove(expiredStart);
    if (barsByStart.isEmpty()) {
      latestBarStart.clear();
    }
  }

  /** Fills what {@code bar} allows of {@code o}; returns the order's new state. */
  private Order work(Order o, MinuteBar bar, ReadOnlyContext ctx, Collector<Fill> out)
      throws Exception {
    BigDecimal price = fillPrice(o, bar);
    if (price == null) {
      return o;
    }
    BigDecimal used = volumeUsed.get(bar.start());
    if (used == null) {
      used = BigDecimal.ZERO;
    }
    BigDecimal available = bar.volume().multiply(config.participation()).subtract(used);
    BigDecimal remaining = o.quantity().subtract(o.filledQuantity());
    BigDecimal qty = remaining.min(available).setScale(QUANTITY_SCALE, RoundingMode.DOWN);
    if (qty.signum() <= 0) {
      return o;
    }
    qty = qty.stripTrailingZeros();
    volumeUsed.put(bar.start(), used.add(qty));
    BigDecimal commission =
        qty.multiply(price)
            .multiply(config.commissionBps())
            .divide(BPS)
            .setScale(PRICE_SCALE, RoundingMode.HALF_EVEN)
            .stripTrailingZeros();
    BigDecimal filled = o.filledQuantity().add(qty);
    out.collect(
        new Fill(
            o.clientOrderId() + "-" + Long.toString(bar.start() / MINUTE, 36),
            o.clientOrderId(),
            o.symbol(),
            bar.start(),
            o.side(),
            qty,
            price,
            commission));
    Order after =
        o.withStatus(
            filled.compareTo(o.quantity()) >= 0 ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED,
            filled,
            null);
    ctx.output(ORDER_UPDATES, after);
    if (o.parentClientOrderId() != null) {
      Order parent = icebergs.get(o.parentClientOrderId());
      if (parent != null) {
        BigDecimal parentFilled = parent.filledQuantity().add(qty);
        Order updated =
            parent.withStatus(
                parentFilled.compareTo(parent.quantity()) >= 0
                    ? OrderStatus.FILLED
                    : OrderStatus.PARTIALLY_FILLED,
                parentFilled,
                null);
        icebergs.put(parent.clientOrderId(), updated);
        ctx.output(ORDER_UPDATES, updated);
      }
    }
    return after;
  }

  /** The price {@code o} fills at in {@code bar}, or null when the bar does not reach it. */
  private BigDecimal fillPrice(Order o, MinuteBar bar) {
    boolean buy = o.side() == Side.BUY;
    BigDecimal slip =
        BigDecimal.ONE.add(
            buy ? config.slippageBps().divide(BPS) : config.slippageBps().divide(BPS).negate());
    BigDecimal market = bar.open().multiply(slip);
    BigDecimal p;
    OrderType type = o.type();
    if (type == OrderType.STOP || type == OrderType.STOP_LIMIT) {
      boolean triggered =
          buy ? bar.high().compareTo(o.stopPrice()) >= 0 : bar.low().compareTo(o.stopPrice()) <= 0;
      if (!triggered) {
        return null;
      }
      if (type == OrderType.STOP) {
        p =
            buy
                ? market.max(o.stopPrice().multiply(slip))
                : market.min(o.stopPrice().multiply(slip));
        return p.setScale(PRICE_SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
      }
    }
    if (type == OrderType.LIMIT || type == OrderType.STOP_LIMIT) {
      boolean crosses =
          buy
              ? bar.low().compareTo(o.limitPrice()) <= 0
              : bar.high().compareTo(o.limitPrice()) >= 0;
      if (!crosses) {
        return null;
      }
      p = buy ? bar.open().min(o.limitPrice()) : bar.open().max(o.limitPrice());
      return p.setScale(PRICE_SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }
    return market.setScale(PRICE_SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
  }

  private static long firstMinuteAtOrAfter(long t) {
    return (t + MINUTE - 1) / MINUTE * MINUTE;
  }
}
