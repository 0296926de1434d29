package io.github.flinktrader.ingest;

import io.github.flinktrader.market.Ohlcv;
import io.github.flinktrader.records.MinuteBar;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Turns a window's accumulator into a {@link MinuteBar} stamped with the window's bounds. */
public final class EmitMinuteBar
    extends ProcessWindowFunction<Ohlcv, MinuteBar, String, TimeWindow> {

  private static final long serialVersionUID = 1L;

  @Override
  public void process(String symbol, Context ctx, Iterable<Ohlcv> accs, Collector<MinuteBar> out) {
    for (Ohlcv a : accs) {
      if (a.trades() > 0) {
        out.collect(toBar(symbol, ctx.window().getStart(), ctx.window().getEnd(), a));
      }
    }
  }

  /** The bar of one window: OHLCV as aggregated, VWAP to 18 significant digits. */
  public static MinuteBar toBar(String symbol, long start, long end, Ohlcv a) {
    return new MinuteBar(
        symbol,
        start,
        end,
        a.open(),
        a.high(),
        a.low(),
        a.close(),
        a.volume(),
        a.vwap(),
        a.trades());
  }
}
