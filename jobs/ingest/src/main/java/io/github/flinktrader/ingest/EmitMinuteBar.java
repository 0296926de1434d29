package io.github.flinktrader.ingest;

import io.github.flinktrader.records.MinuteBar;
import java.math.MathContext;
import java.math.RoundingMode;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Turns a window's accumulator into a {@link MinuteBar} stamped with the window's bounds. */
public final class EmitMinuteBar
    extends ProcessWindowFunction<BarAccumulator, MinuteBar, String, TimeWindow> {

  private static final long serialVersionUID = 1L;
  private static final MathContext VWAP_PRECISION = new MathContext(18, RoundingMode.HALF_EVEN);

  @Override
  public void process(
      String symbol, Context ctx, Iterable<BarAccumulator> accs, Collector<MinuteBar> out) {
    for (BarAccumulator a : accs) {
      if (a.trades() > 0) {
        out.collect(toBar(symbol, ctx.window().getStart(), ctx.window().getEnd(), a));
      }
    }
  }

  /** The bar of one window: OHLCV as aggregated, VWAP to 18 significant digits. */
  static MinuteBar toBar(String symbol, long start, long end, BarAccumulator a) {
    return new MinuteBar(
        symbol,
        start,
        end,
        a.open(),
        a.high(),
        a.low(),
        a.close(),
        a.volume(),
        a.volume().signum() == 0
            ? a.close()
            : a.notional().divide(a.volume(), VWAP_PRECISION).stripTrailingZeros(),
        a.trades());
  }
}
