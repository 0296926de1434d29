package io.github.flinktrader.execution.alpaca;

import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.Fill;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.OrderStatus;
import io.github.flinktrader.serde.TypedStateSerializer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The broker side of one Alpaca account, without Flink: what was sent, what has filled, and what
 * the broker holds. Every method returns what it learned as fills, order updates and alerts.
 *
 * <p>Fills are counted by the order's cumulative {@code filled_qty}, not by events: a fill event
 * whose order has not filled more than already counted is a repeat and is skipped, and when the
 * stream lost events the next event or the reconciliation fills the gap at the price Alpaca's
 * average implies. So no fill is counted twice and none is lost. Positions are checked against what
 * Alpaca held when the session started plus the fills since; a difference halts the symbol.
 */
public final class AlpacaSession {

  /** One order as far as the session knows it. */
  public record Tracked(
      Order order, BigDecimal filledQty, BigDecimal filledValue, String alpacaStatus) {

    boolean open() {
      return switch (alpacaStatus) {
        case "filled",
            "canceled",
            "expired",
            "rejected",
            "done_for_day",
            "replaced",
            "not-at-broker" ->
            false;
        default -> true;
      };
    }
  }

  /** What one call learned. */
  public record Output(List<Fill> fills, List<Order> updates, List<ControlCommand> alerts) {
    static Output empty() {
      return new Output(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    boolean isEmpty() {
      return fills.isEmpty() && updates.isEmpty() && alerts.isEmpty();
    }
  }

  /** The part kept in Flink state. */
  public static final class State {
    public Map<String, Tracked> tracked = new TreeMap<>();

    /** Alpaca's positions when the session first reconciled, by system symbol; null before. */
    public Map<String, BigDecimal> baseline;

    /** Net fills per system symbol since the baseline. */
    public Map<String, BigDecimal> netFills = new TreeMap<>();

    /** Iceberg parents by id, with what their children have filled. */
    public Map<String, Order> icebergs = new TreeMap<>();

    /** The state's serializer: Flink's POJO serializer for it, reading release 0.1.0's JSON too. */
    static TypeSerializer<State> stateSerializer(RuntimeContext context) {
      return TypedStateSerializer.of(
          context.createSerializer(TypeInformation.of(State.class)), State.class);
    }

    /**
     * The state as read back, its maps sorted by key: the POJO serializer reads maps back as hash
     * maps, and the session works its orders in key order.
     */
    public State sorted() {
      tracked = new TreeMap<>(tracked);
      baseline = baseline == null ? null : new TreeMap<>(baseline);
      netFills = new TreeMap<>(netFills);
      icebergs = new TreeMap<>(icebergs);
      return this;
    }
  }

  private final AlpacaClient client;
  private final String account;
  private final State state;

  public AlpacaSession(AlpacaClient client, String account, State state) {
    this.client = client;
    this.account = account;
    this.state = state;
  }

  public State state() {
    return state;
  }

  /**
   * Sends {@code o} unless it was sent before. An iceberg goes out as its first child; each next
   * child when the one before has filled.
   */
  public Output submit(Order o, long now) {
    Output out = Output.empty();
    if (state.tracked.containsKey(o.clientOrderId())
        || state.icebergs.containsKey(o.clientOrderId())) {
      return out; // a replayed order: it went out before, and its fate is tracked
    }
    if (o.iceberg()) {
      Order accepted = o.withStatus(OrderStatus.ACCEPTED, BigDecimal.ZERO, null);
      state.icebergs.put(o.clientOrderId(), accepted);
      out.updates().add(accepted);
      merge(out, submit(accepted.child(1), now));
      return out;
    }
    AlpacaClient.Submission s;
    try {
      s = client.submit(o);
    } catch (RuntimeException e) {
      // Unknown fate: tracked, so the reconciliation finds it if it did arrive.
      state.tracked.put(
          o.clientOrderId(), new Tracked(o, BigDecimal.ZERO, BigDecimal.ZERO, "unconfirmed"));
      out.updates()
          .add(o.withStatus(OrderStatus.NEW, BigDecimal.ZERO, "unconfirmed: " + e.getMessage()));
      return out;
    }
    if (s instanceof AlpacaClient.Refused r) {
      out.updates().add(o.withStatus(OrderStatus.REJECTED, BigDecimal.ZERO, r.reason()));
      return out;
    }
    AlpacaOrder a = ((AlpacaClient.Accepted) s).order();
    state.tracked.put(
        o.clientOrderId(), new Tracked(o, BigDecimal.ZERO, BigDecimal.ZERO, "accepted"));
    out.updates().add(o.withStatus(OrderStatus.ACCEPTED, BigDecimal.ZERO, null));
    catchUp(o.clientOrderId(), a, now, null, out);
    return out;
  }

  /** Applies the stream's updates. */
  public Output onUpdates(List<TradeUpdate> updates) {
    Output out = Output.empty();
    for (TradeUpdate u : updates) {
      if (!state.tracked.containsKey(u.order().clientOrderId())) {
        continue; // not an order of this system
      }
      catchUp(u.order().clientOrderId(), u.order(), u.time(), u, out);
    }
    return out;
  }

  /**
   * Looks up every open order and Alpaca's positions: fills the stream missed, orders whose fate
   * was unknown, and positions that differ from the fills (a HALT_SYMBOL alert each).
   */
  public Output reconcile(long now) {
    Output out = Output.empty();
    for (Tracked t : new ArrayList<>(state.tracked.values())) {
      if (!t.open()) {
        continue;
      }
      Optional<AlpacaOrder> a = client.lookup(t.order().clientOrderId());
      if (a.isPresent()) {
        catchUp(t.order().clientOrderId(), a.get(), now, null, out);
      } else if ("unconfirmed".equals(t.alpacaStatus())) {
        state.tracked.put(
            t.order().clientOrderId(),
            new Tracked(t.order(), t.filledQty(), t.filledValue(), "not-at-broker"));
        out.updates()
            .add(
                t.order()
                    .withStatus(OrderStatus.REJECTED, BigDecimal.ZERO, "never reached the broker"));
      }
    }
    Map<String, BigDecimal> broker = client.positions();
    if (state.baseline == null) {
      state.baseline = new TreeMap<>();
      for (Map.Entry<String, BigDecimal> e : broker.entrySet()) {
        state.baseline.put(e.getKey(), e.getValue());
      }
      return out;
    }
    java.util.Set<String> symbols = new java.util.TreeSet<>(state.netFills.keySet());
    for (String s : symbols) {
      BigDecimal expected =
          state
              .baseline
              .getOrDefault(client.alpacaSymbol(s), BigDecimal.ZERO)
              .add(state.netFills.get(s));
      BigDecimal actual = broker.getOrDefault(client.alpacaSymbol(s), BigDecimal.ZERO);
      if (expected.compareTo(actual) != 0) {
        out.alerts()
            .add(
                new ControlCommand(
                    account,
                    ControlCommand.Kind.HALT_SYMBOL,
                    s,
                    now,
                    0,
                    "rule:reconciliation",
                    "Alpaca holds "
                        + actual.toPlainString()
                        + ", the fills add up to "
                        + expected.toPlainString()));
      }
    }
    return out;
  }

  /** The kill switch: cancels everything at Alpaca, then settles each open order's final state. */
  public Output cancelAll(String reason, long now) {
    client.cancelAll();
    Output out = Output.empty();
    for (Tracked t : new ArrayList<>(state.tracked.values())) {
      if (!t.open()) {
        continue;
      }
      Optional<AlpacaOrder> a = client.lookup(t.order().clientOrderId());
      if (a.isPresent()) {
        catchUp(t.order().clientOrderId(), a.get(), now, null, out);
      }
      Tracked after = state.tracked.get(t.order().clientOrderId());
      if (after.open()) {
        // Alpaca had not reported the cancellation yet: it was asked to, and nothing new goes out.
        state.tracked.put(
            t.order().clientOrderId(),
            new Tracked(after.order(), after.filledQty(), after.filledValue(), "canceled"));
        out.updates()
            .add(
                after
                    .order()
                    .withStatus(OrderStatus.CANCELED, after.filledQty(), "kill switch: " + reason));
      }
    }
    // Parents still open after their children were settled above are cancelled with them.
    for (Order parent : new ArrayList<>(state.icebergs.values())) {
      if (!parent.open()) {
        continue;
      }
      Order canceled =
          parent.withStatus(
              OrderStatus.CANCELED, parent.filledQuantity(), "kill switch: " + reason);
      state.icebergs.put(parent.clientOrderId(), canceled);
      out.updates().add(canceled);
    }
    return out;
  }

  private static void merge(Output into, Output from) {
    into.fills().addAll(from.fills());
    into.updates().addAll(from.updates());
    into.alerts().addAll(from.alerts());
  }

  /** A child's progress reaches its iceberg parent; a filled child sends the next one. */
  private void parentFollows(
      Order child, BigDecimal gap, OrderStatus childStatus, long time, Output out) {
    String parentId = child.parentClientOrderId();
    Order parent = parentId == null ? null : state.icebergs.get(parentId);
    if (parent == null || !parent.open()) {
      return; // not a child, or its parent is settled (kept, so a replay of it is recognised)
    }
    BigDecimal filled = parent.filledQuantity().add(gap.max(BigDecimal.ZERO));
    boolean done = filled.compareTo(parent.quantity()) >= 0;
    if (childStatus.endedEarly()) {
      Order settled =
          parent.withStatus(
              childStatus, filled, "child " + child.clientOrderId() + ": " + childStatus);
      state.icebergs.put(parentId, settled);
      out.updates().add(settled);
      return;
    }
    Order updated =
        parent.withStatus(done ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED, filled, null);
    if (gap.signum() > 0) {
      out.updates().add(updated);
    }
    state.icebergs.put(parentId, updated);
    if (done) {
      return;
    }
    if (childStatus == OrderStatus.FILLED) {
      int k = Integer.parseInt(child.clientOrderId().substring(parentId.length() + 1));
      merge(out, submit(updated.child(k + 1), time));
    }
  }

  /** Brings one tracked order up to Alpaca's view {@code a}: the fill gap, then the status. */
  private void catchUp(String id, AlpacaOrder a, long time, TradeUpdate event, Output out) {
    Tracked t = state.tracked.get(id);
    BigDecimal gap = a.filledQty().subtract(t.filledQty());
    BigDecimal filledValue = t.filledValue();
    if (gap.signum() > 0) {
      BigDecimal price;
      String fillId;
      if (event != null
          && event.isFill()
          && event.qty() != null
          && event.qty().compareTo(gap) == 0) {
        price = event.price();
        fillId = event.executionId();
      } else if (a.filledAvgPrice() == null) {
        // A fill without an average price says nothing to price it by: wait for the next look.
        return;
      } else {
        // Events were missed: the gap's price is what Alpaca's average implies.
        BigDecimal total = a.filledAvgPrice().multiply(a.filledQty());
        price = total.subtract(filledValue).divide(gap, MathContext.DECIMAL64).stripTrailingZeros();
        fillId = id + "-q" + a.filledQty().stripTrailingZeros().toPlainString();
      }
      Order o = t.order();
      out.fills()
          .add(new Fill(fillId, id, o.symbol(), time, o.side(), gap, price, BigDecimal.ZERO));
      filledValue = filledValue.add(gap.multiply(price));
      state.netFills.merge(o.symbol(), o.side().sign() > 0 ? gap : gap.negate(), BigDecimal::add);
    }
    BigDecimal filled = gap.signum() > 0 ? a.filledQty() : t.filledQty();
    String status = a.status();
    Tracked after = new Tracked(t.order(), filled, filledValue, status);
    state.tracked.put(id, after);
    OrderStatus mapped = map(status, filled);
    boolean changed = gap.signum() > 0 || !status.equals(t.alpacaStatus());
    if (changed && mapped != null) {
      String why = mapped.endedEarly() ? "alpaca: " + status : null;
      out.updates().add(t.order().withStatus(mapped, filled, why));
    }
    if (changed) {
      parentFollows(t.order(), gap, mapped, time, out);
    }
  }

  private static OrderStatus map(String alpacaStatus, BigDecimal filled) {
    return switch (alpacaStatus) {
      case "filled" -> OrderStatus.FILLED;
      case "partially_filled" -> OrderStatus.PARTIALLY_FILLED;
      case "canceled", "done_for_day", "replaced" -> OrderStatus.CANCELED;
      case "expired" -> OrderStatus.EXPIRED;
      case "rejected" -> OrderStatus.REJECTED;
      case "new", "accepted", "pending_new", "accepted_for_bidding" ->
          filled.signum() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.ACCEPTED;
      default -> null;
    };
  }
}
