package io.github.flinktrader.execution;

import io.github.flinktrader.records.Fill;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Position;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The ledger: folds fills into each symbol's position, average price, realised PnL and cash, and
 * marks an open position to market with every newer bar (unrealised PnL). A fill that closes
 * quantity is also reported on {@link #CLOSED_TRADES} for the losing-streak rule. A fill seen
 * before (same fill id as the last one applied) is ignored, so a broker that repeats an update
 * cannot move the position twice.
 */
public final class PositionLedger
    extends KeyedCoProcessFunction<String, Fill, MinuteBar, Position> {

  private static final long serialVersionUID = 1L;
  private static final int SCALE = 10;

  public static final OutputTag<ClosedTrade> CLOSED_TRADES = new OutputTag<>("closed-trades") {};

  private transient ValueState<Position> state;
  private transient ValueState<String> lastFillId;

  @Override
  public void open(OpenContext ctx) {
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("position", Position.class));
    lastFillId =
        getRuntimeContext().getState(new ValueStateDescriptor<>("last-fill-id", String.class));
  }

  @Override
  public void processElement1(Fill fill, Context ctx, Collector<Position> out) throws Exception {
    if (fill.fillId().equals(lastFillId.value())) {
      return;
    }
    Position before = state.value();
    if (before == null) {
      before = Position.flat(fill.symbol());
    }
    Position after = apply(before, fill);
    BigDecimal realized = after.realizedPnl().subtract(before.realizedPnl());
    if (before.quantity().signum() != 0
        && before.quantity().signum() != fill.signedQuantity().signum()) {
      ctx.output(
          CLOSED_TRADES,
          new ClosedTrade(
              fill.symbol(),
              fill.time(),
              fill.clientOrderId(),
              fill.quantity().min(before.quantity().abs()),
              realized));
    }
    state.update(after);
    lastFillId.update(fill.fillId());
    out.collect(after);
  }

  @Override
  public void processElement2(MinuteBar bar, Context ctx, Collector<Position> out)
      throws Exception {
    Position p = state.value();
    if (p == null || p.fills() == 0 || bar.end() <= p.time()) {
      return;
    }
    if (p.quantity().signum() == 0 || bar.close().compareTo(p.markPrice()) == 0) {
      return;
    }
    Position marked = p.markedAt(bar.close(), bar.end());
    state.update(marked);
    out.collect(marked);
  }

  /** Pure position arithmetic, in decimals; marked at the fill's price. */
  static Position apply(Position p, Fill fill) {
    BigDecimal q = p.quantity();
    BigDecimal s = fill.signedQuantity();
    BigDecimal price = fill.price();
    BigDecimal avg = p.averagePrice();
    BigDecimal realized = p.realizedPnl().subtract(fill.commission());
    BigDecimal newQ = q.add(s);
    if (q.signum() == 0 || q.signum() == s.signum()) {
      avg =
          q.abs()
              .multiply(avg)
              .add(s.abs().multiply(price))
              .divide(newQ.abs(), SCALE, RoundingMode.HALF_EVEN)
              .stripTrailingZeros();
    } else {
      BigDecimal closed = s.abs().min(q.abs());
      realized =
          realized.add(
              closed.multiply(price.subtract(avg)).multiply(BigDecimal.valueOf(q.signum())));
      if (newQ.signum() == 0) {
        avg = BigDecimal.ZERO;
      } else if (newQ.signum() != q.signum()) {
        avg = price; // the position flipped: the remainder was opened at this fill's price
      }
    }
    BigDecimal cash = p.cashFlow().subtract(s.multiply(price)).subtract(fill.commission());
    return new Position(
            fill.symbol(),
            fill.time(),
            newQ,
            avg,
            realized,
            cash,
            p.fills() + 1,
            price,
            BigDecimal.ZERO)
        .markedAt(price, fill.time());
  }
}
