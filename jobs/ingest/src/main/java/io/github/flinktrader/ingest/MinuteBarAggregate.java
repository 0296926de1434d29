package io.github.flinktrader.ingest;

import io.github.flinktrader.records.Trade;
import java.math.BigDecimal;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Folds the trades of one window into OHLCV, exactly, in decimal arithmetic. */
public final class MinuteBarAggregate
    implements AggregateFunction<Trade, BarAccumulator, BarAccumulator> {

  private static final long serialVersionUID = 1L;

  @Override
  public BarAccumulator createAccumulator() {
    return new BarAccumulator(
        Long.MAX_VALUE,
        Long.MIN_VALUE,
        null,
        null,
        null,
        null,
        BigDecimal.ZERO,
        BigDecimal.ZERO,
        0);
  }

  @Override
  public BarAccumulator add(Trade t, BarAccumulator acc) {
    if (acc.trades() == 0) {
      return new BarAccumulator(
          t.timestamp(),
          t.timestamp(),
          t.price(),
          t.price(),
          t.price(),
          t.price(),
          t.size(),
          t.price().multiply(t.size()),
          1);
    }
    boolean earlier = t.timestamp() < acc.firstTime();
    boolean later = t.timestamp() >= acc.lastTime();
    return new BarAccumulator(
        earlier ? t.timestamp() : acc.firstTime(),
        later ? t.timestamp() : acc.lastTime(),
        earlier ? t.price() : acc.open(),
        acc.high().max(t.price()),
        acc.low().min(t.price()),
        later ? t.price() : acc.close(),
        acc.volume().add(t.size()),
        acc.notional().add(t.price().multiply(t.size())),
        acc.trades() + 1);
  }

  @Override
  public BarAccumulator getResult(BarAccumulator acc) {
    return acc;
  }

  @Override
  public BarAccumulator merge(BarAccumulator a, BarAccumulator b) {
    if (a.trades() == 0) {
      return b;
    }
    if (b.trades() == 0) {
      return a;
    }
    boolean bFirst = b.firstTime() < a.firstTime();
    boolean bLast = b.lastTime() >= a.lastTime();
    return new BarAccumulator(
        Math.min(a.firstTime(), b.firstTime()),
        Math.max(a.lastTime(), b.lastTime()),
        bFirst ? b.open() : a.open(),
        a.high().max(b.high()),
        a.low().min(b.low()),
        bLast ? b.close() : a.close(),
        a.volume().add(b.volume()),
        a.notional().add(b.notional()),
        a.trades() + b.trades());
  }
}
