package io.github.flinktrader.features.job;

import io.github.flinktrader.records.AggregateBar;
import io.github.flinktrader.records.MinuteBar;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Folds the minute bars of one window into a longer bar, exactly, in decimal arithmetic. */
public final class AggregateBars {

  private static final MathContext VWAP_PRECISION = new MathContext(18, RoundingMode.HALF_EVEN);

  private AggregateBars() {}

  /**
   * The running aggregate: the earliest and latest minute seen set open and close.
   *
   * @param notional sum of vwap x volume of the minutes, for the window's VWAP
   */
  public record Acc(
      long firstStart,
      long lastStart,
      BigDecimal open,
      BigDecimal high,
      BigDecimal low,
      BigDecimal close,
      BigDecimal volume,
      BigDecimal notional,
      int trades,
      int minutes) {}

  static final class Fold implements AggregateFunction<MinuteBar, Acc, Acc> {
    private static final long serialVersionUID = 1L;

    @Override
    public Acc createAccumulator() {
      return new Acc(
          Long.MAX_VALUE,
          Long.MIN_VALUE,
          null,
          null,
          null,
          null,
          BigDecimal.ZERO,
          BigDecimal.ZERO,
          0,
          0);
    }

    @Override
    public Acc add(MinuteBar b, Acc a) {
      BigDecimal notional =
          b.vwap() == null ? b.close().multiply(b.volume()) : b.vwap().multiply(b.volume());
      if (a.minutes() == 0) {
        return new Acc(
            b.start(),
            b.start(),
            b.open(),
            b.high(),
            b.low(),
            b.close(),
            b.volume(),
            notional,
            b.trades(),
            1);
      }
      boolean first = b.start() < a.firstStart();
      boolean last = b.start() > a.lastStart();
      return new Acc(
          Math.min(a.firstStart(), b.start()),
          Math.max(a.lastStart(), b.start()),
          first ? b.open() : a.open(),
          a.high().max(b.high()),
          a.low().min(b.low()),
          last ? b.close() : a.close(),
          a.volume().add(b.volume()),
          a.notional().add(notional),
          a.trades() + b.trades(),
          a.minutes() + 1);
    }

    @Override
    public Acc getResult(Acc a) {
      return a;
    }

    @Override
    public Acc merge(Acc a, Acc b) {
      if (a.minutes() == 0) {
        return b;
      }
      if (b.minutes() == 0) {
        return a;
      }
      boolean bFirst = b.firstStart() < a.firstStart();
      boolean bLast = b.lastStart() > a.lastStart();
      return new Acc(
          Math.min(a.firstStart(), b.firstStart()),
          Math.max(a.lastStart(), b.lastStart()),
          bFirst ? b.open() : a.open(),
          a.high().max(b.high()),
          a.low().min(b.low()),
          bLast ? b.close() : a.close(),
          a.volume().add(b.volume()),
          a.notional().add(b.notional()),
          a.trades() + b.trades(),
          a.minutes() + b.minutes());
    }
  }

  /** Stamps the aggregate with its window and timeframe. */
  static final class Emit extends ProcessWindowFunction<Acc, AggregateBar, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private final int timeframeMinutes;

    Emit(int timeframeMinutes) {
      this.timeframeMinutes = timeframeMinutes;
    }

    @Override
    public void process(
        String symbol, Context ctx, Iterable<Acc> accs, Collector<AggregateBar> out) {
      for (Acc a : accs) {
        if (a.minutes() == 0) {
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
                a.volume().signum() == 0
                    ? a.close()
                    : a.notional().divide(a.volume(), VWAP_PRECISION).stripTrailingZeros(),
                a.trades(),
                a.minutes()));
      }
    }
  }
}
