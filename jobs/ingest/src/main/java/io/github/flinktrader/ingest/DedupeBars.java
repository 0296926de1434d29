package io.github.flinktrader.ingest;

import io.github.flinktrader.flink.DeadLetterMetrics;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.serde.DeadLetters;
import io.github.flinktrader.serde.ParseEvents;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One bar per symbol and minute, whichever source it came from (REST backfill, the live stream, a
 * gap fill after a reconnect). Per symbol the state is the newest minute seen and a bitmap of the
 * {@value #WINDOW_MINUTES} minutes before it: O(1) per bar and three longs per symbol. A bar whose
 * minute was already emitted is a {@code duplicate-bar}; one older than the bitmap reaches cannot
 * be checked and is a {@code stale-bar}. Both go to the dead letters with the bar, never silently.
 */
public final class DedupeBars extends KeyedProcessFunction<String, MinuteBar, MinuteBar> {

  private static final long serialVersionUID = 1L;

  static final int WINDOW_MINUTES = 128;
  private static final long MINUTE = 60_000L;

  private final String stage;
  private transient ValueState<long[]> seen;
  private transient DeadLetterMetrics deadLetterMetrics;

  public DedupeBars(String stage) {
    this.stage = stage;
  }

  @Override
  public void open(OpenContext ctx) {
    seen =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "seen",
                    org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo
                        .LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    deadLetterMetrics = new DeadLetterMetrics(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(MinuteBar bar, Context ctx, Collector<MinuteBar> out)
      throws Exception {
    long minute = Math.floorDiv(bar.start(), MINUTE);
    long[] s = seen.value(); // {newest minute, bits 0..63, bits 64..127}, bit i = newest - i
    if (s == null) {
      seen.update(new long[] {minute, 1L, 0L});
      out.collect(bar);
      return;
    }
    long behind = s[0] - minute;
    if (behind < 0) {
      shift(s, -behind);
      s[0] = minute;
      s[1] |= 1L;
    } else if (behind >= WINDOW_MINUTES) {
      refuse(bar, ctx, "stale-bar", "more than " + WINDOW_MINUTES + " minutes behind the newest");
      return;
    } else {
      int word = 1 + (int) (behind / 64);
      long bit = 1L << (behind % 64);
      if ((s[word] & bit) != 0) {
        refuse(bar, ctx, "duplicate-bar", "a bar for this symbol and minute was already emitted");
        return;
      }
      s[word] |= bit;
    }
    seen.update(s);
    out.collect(bar);
  }

  /** Moves the bitmap {@code n} minutes forward: bit i becomes bit i + n. */
  static void shift(long[] s, long n) {
    if (n >= WINDOW_MINUTES) {
      s[1] = 0;
      s[2] = 0;
    } else if (n >= 64) {
      s[2] = s[1] << (n - 64);
      s[1] = 0;
    } else if (n > 0) {
      s[2] = (s[2] << n) | (s[1] >>> (64 - n));
      s[1] = s[1] << n;
    }
  }

  private void refuse(MinuteBar bar, Context ctx, String reason, String detail) {
    deadLetterMetrics.inc(reason);
    ctx.output(
        ParseEvents.DEAD_LETTERS, DeadLetters.refused(stage, bar.eventTime(), reason, detail, bar));
  }
}
