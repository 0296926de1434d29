package io.github.flinktrader.features.job;

import io.github.flinktrader.market.Ohlcv;
import io.github.flinktrader.records.AggregateBar;
import io.github.flinktrader.records.MinuteBar;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Folds the minute bars of one window into a longer bar, with the accumulator minute bars use. */
public final class AggregateBars {

  private AggregateBars() {}

  /** Each minute bar is one part; its VWAP times its volume is its notional. */
  static final class Fold implements AggregateFunction<MinuteBar, Ohlcv, Ohlcv> {
    private static final long serialVersionUID = 1L;

    @Override
    public Ohlcv createAccumulator() {
      return Ohlcv.EMPTY;
    }

    @Override
    public Ohlcv add(MinuteBar b, Ohlcv acc) {
      return acc.plus(
          b.start(),
          b.open(),
          b.high(),
          b.low(),
          b.close(),
          b.volume(),
          (b.vwap() == null ? b.close() : b.vwap()).multiply(b.volume()),
          b.trades());
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

  /** Stamps the aggregate with its window and timeframe. */
  static final class Emit extends ProcessWindowFunction<Ohlcv, AggregateBar, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private final int timeframeMinutes;

    Emit(int timeframeMinutes) {
      this.timeframeMinutes = timeframeMinutes;
    }

    @Override
    public void process(
        String symbol, Context ctx, Iterable<Ohlcv> accs, Collector<AggregateBar> out) {
      for (Ohlcv a : accs) {
        if (a.parts() == 0) {
          continue;
        }
        out.collect(
            new AggregateBar(
                symbol,
                timeframeMinutes,
                ctx.window().getStart(),
                ctx.window().getEnd(),
                a.open(),
                a.high(),
                a.low(),
                a.close(),
                a.volume(),
                a.vwap(),
                a.trades(),
                a.parts()));
      }
    }
  }
}
