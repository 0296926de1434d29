package io.github.flinktrader.ingest;

import io.github.flinktrader.market.Ohlcv;
import io.github.flinktrader.records.Trade;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Folds the trades of one window into OHLCV, exactly, in decimal arithmetic. */
public final class MinuteBarAggregate implements AggregateFunction<Trade, Ohlcv, Ohlcv> {

  private static final long serialVersionUID = 1L;

  @Override
  public Ohlcv createAccumulator() {
    return Ohlcv.EMPTY;
  }

  @Override
  public Ohlcv add(Trade t, Ohlcv acc) {
    return acc.plus(
        t.timestamp(),
        t.price(),
        t.price(),
        t.price(),
        t.price(),
        t.size(),
        t.price().multiply(t.size()),
        1);
  }

  @Override
  public Ohlcv getResult(Ohlcv acc) {
    return acc;
  }

  @Override
  public Ohlcv merge(Ohlcv a, Ohlcv b) {
    return a.firstTime() <= b.firstTime() ? a.merge(b) : b.merge(a);
  }
}
