package io.github.flinktrader.execution.alpaca;

import io.github.flinktrader.http.Secrets;
import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.Fill;
import io.github.flinktrader.records.Order;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Alpaca broker in the job, keyed by account: sends approved orders through {@link
 * AlpacaSession} (idempotent by client order id), takes {@code trade_updates} on a processing-time
 * timer, reconciles at start, periodically and after every stream reconnection, and cancels every
 * open order on a KILL. What the session knows is kept in keyed state, so after a restore the
 * orders replayed from the checkpoint are recognised and not sent again.
 */
public final class AlpacaBroker
    extends KeyedCoProcessFunction<String, Order, ControlCommand, Fill> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(AlpacaBroker.class);

  public static final OutputTag<Order> ORDER_UPDATES = new OutputTag<>("alpaca-order-updates") {};
  public static final OutputTag<ControlCommand> ALERTS = new OutputTag<>("alpaca-alerts") {};

  private final AlpacaConfig config;
  private final String account;

  private transient ValueState<AlpacaSession.State> stored;
  private transient ValueState<Long> nextReconcile;
  private transient ValueState<Boolean> polling;
  private transient ValueState<String> pendingKill;
  private transient AlpacaClient client;
  private transient TradeUpdateStream stream;
  private transient long gapsSeen;
  private transient Counter sent;
  private transient Counter fills;

  public AlpacaBroker(AlpacaConfig config, String account) {
    this.config = config;
    this.account = account;
  }

  @Override
  public void open(OpenContext ctx) {
    stored =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "alpaca-session", AlpacaSession.State.stateSerializer(getRuntimeContext())));
    nextReconcile =
        getRuntimeContext().getState(new ValueStateDescriptor<>("next-reconcile", Types.LONG));
    polling = getRuntimeContext().getState(new ValueStateDescriptor<>("polling", Types.BOOLEAN));
    pendingKill =
        getRuntimeContext().getState(new ValueStateDescriptor<>("pending-kill", Types.STRING));
    Secrets secrets = config.secrets();
    Secrets.Secret key = secrets.require("APCA_API_KEY_ID");
    Secrets.Secret secret = secrets.require("APCA_API_SECRET_KEY");
    client = new AlpacaClient(config.restUrl(), key, secret, config.policy(), config.symbols());
    stream = new TradeUpdateStream(config.streamUrl(), key, secret);
    stream.start();
    sent = getRuntimeContext().getMetricGroup().counter("alpacaOrdersSent");
    fills = getRuntimeContext().getMetricGroup().counter("alpacaFills");
    LOG.info(
        "alpaca broker: {} (stream {})", config.restUrl().getHost(), config.streamUrl().getHost());
  }

  @Override
  public void close() {
    if (stream != null) {
      stream.close();
    }
  }

  @Override
  public void processElement1(Order order, Context ctx, Collector<Fill> out) throws Exception {
    AlpacaSession session = session();
    ensurePolling(ctx);
    emit(session.submit(order, System.currentTimeMillis()), ctx, out);
    sent.inc();
    stored.update(session.state());
  }

  @Override
  public void processElement2(ControlCommand c, Context ctx, Collector<Fill> out) throws Exception {
    if (c.kind() != ControlCommand.Kind.KILL) {
      return;
    }
    pendingKill.update(c.reason());
    cancelAll(ctx, out);
  }

  /**
   * Cancels everything at Alpaca for a pending KILL; when Alpaca cannot be reached the KILL stays
   * pending and the next poll tries again (the gate has already stopped new orders).
   */
  private void cancelAll(Context ctx, Collector<Fill> out) throws Exception {
    String reason = pendingKill.value();
    if (reason == null) {
      return;
    }
    AlpacaSession session = session();
    try {
      emit(session.cancelAll(reason, System.currentTimeMillis()), ctx, out);
      pendingKill.clear();
    } catch (RuntimeException e) {
      LOG.error(
          "alpaca: cancelling all orders failed, retried at the next poll: {}", e.getMessage());
      ensurePolling(ctx);
    }
    stored.update(session.state());
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Fill> out) throws Exception {
    AlpacaSession session = session();
    long now = ctx.timerService().currentProcessingTime();
    try {
      emit(session.onUpdates(stream.drain()), ctx, out);
    } catch (RuntimeException e) {
      // What these updates said, the reconciliation finds again.
      LOG.warn("alpaca: trade updates not applied, reconciling: {}", e.getMessage());
      gapsSeen = -1;
    }
    Long due = nextReconcile.value();
    long gaps = stream.gaps();
    if (due == null || now >= due || gaps != gapsSeen) {
      gapsSeen = gaps;
      try {
        emit(session.reconcile(now), ctx, out);
      } catch (RuntimeException e) {
        LOG.warn("alpaca: reconciliation failed, retried at the next poll: {}", e.getMessage());
      }
      nextReconcile.update(now + config.reconcileEvery().toMillis());
    }
    stored.update(session.state());
    cancelAll(ctx, out);
    ctx.timerService().registerProcessingTimeTimer(now + config.poll().toMillis());
  }

  private void ensurePolling(Context ctx) throws Exception {
    if (polling.value() == null) {
      polling.update(true);
      ctx.timerService()
          .registerProcessingTimeTimer(
              ctx.timerService().currentProcessingTime() + config.poll().toMillis());
    }
  }

  private AlpacaSession session() throws Exception {
    AlpacaSession.State s = stored.value();
    s = s == null ? new AlpacaSession.State() : s.sorted();
    return new AlpacaSession(client, account, s);
  }

  private void emit(AlpacaSession.Output o, Context ctx, Collector<Fill> out) {
    for (Fill f : o.fills()) {
      out.collect(f);
      fills.inc();
    }
    for (Order u : o.updates()) {
      ctx.output(ORDER_UPDATES, u);
    }
    for (ControlCommand c : o.alerts()) {
      ctx.output(ALERTS, c);
    }
  }
}
