package io.github.flinktrader.execution;

import io.github.flinktrader.records.Fill;
import io.github.flinktrader.records.Position;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** The ledger: folds fills into each symbol's position, average price, realised PnL and cash. */
public final class PositionLedger extends KeyedProcessFunction<String, Fill, Position> {

  private static final long serialVersionUID = 1L;
  private static final int SCALE = 10;

  private transient ValueState<Position> state;

  @Override
  public void open(OpenContext ctx) {
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("position", Position.class));
  }

  @Override
  public void processElement(Fill fill, Context ctx, Collector<Position> out) throws Exception {
    Position before = state.value();
    if (before == null) {
      before = Position.flat(fill.symbol());
    }
    Position after = apply(before, fill);
    state.update(after);
    out.collect(after);
  }

  /** Pure position arithmetic, in decimals. */
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
    return new Position(fill.symbol(), fill.time(), newQ, avg, realized, cash, p.fills() + 1);
  }
}
