package io.github.flinktrader.features.job;

import io.github.flinktrader.features.ExchangeCalendar;
import io.github.flinktrader.features.FeatureCalculator;
import io.github.flinktrader.features.FeatureState;
import io.github.flinktrader.features.SentimentSnapshot;
import io.github.flinktrader.market.Ohlcv;
import io.github.flinktrader.records.AggregateBar;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Event;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.SentimentAggregate;
import io.github.flinktrader.serde.DeadLetters;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per symbol: folds each minute bar into the rolling feature state, together with the sentiment of
 * the hour before the bar closed, from the one-minute sentiment windows of the inference job, and
 * into the 5-, 15- and 60-minute bars. A bar waits until the event-time watermark of both inputs
 * passes its end, so the scores that are in by then count whatever order the two topics deliver in.
 *
 * <p>Social posts are sparse and scored late, so the sentiment input goes idle quickly and does not
 * hold bars back; a score that arrives behind the watermark still counts for the bars still to come
 * within its hour (counted in {@code sentimentAfterWatermark}). Refused, each as a dead letter with
 * its reason: a bar not newer than the latest one accepted ({@code stale-bar}: duplicates and
 * out-of-order bars would corrupt the rolling windows), and a score more than an hour behind the
 * watermark ({@code late-sentiment}: no bar still to come can use it).
 *
 * <p>Longer bars: a window of a timeframe (aligned to the epoch, as Flink's tumbling windows) is
 * emitted once, on the {@link #LONGER_BARS} side output, when the watermark passes its end; only
 * windows with trades make a bar ({@code minutes_with_trades} counts the minutes that had any). An
 * accepted bar whose window of a timeframe was already emitted is a {@code late-bar} dead letter of
 * that timeframe's stage ({@code features.bars-5m}, ...); its features and its other timeframes
 * still count. A late bar whose window never had a bar makes that window's bar on its own. Building
 * them here rather than in window operators downstream saves a shuffle, and a state read and write,
 * per minute bar and timeframe.
 *
 * <p>State per symbol: the feature state (expires after {@link #STATE_TTL} without bars), the bars
 * waiting for the watermark, the end of the latest accepted bar and the longer bars being built
 * (same expiry), and a ring of 60 minute slots of sentiment, cleared once it holds nothing within
 * the hour and expiring after {@link #SENTIMENT_TTL} without updates.
 */
public final class RollingFeatures
    extends KeyedCoProcessFunction<String, MinuteBar, SentimentAggregate, FeatureVector> {

  private static final long serialVersionUID = 1L;

  public static final OutputTag<DeadLetter> REFUSED = new OutputTag<>("refused") {};

  /**
   * The 5-, 15- and 60-minute bars, built from the accepted minute bars only, so a duplicate minute
   * bar is never counted twice.
   */
  public static final OutputTag<AggregateBar> LONGER_BARS = new OutputTag<>("longer-bars") {};

  /** Longer bars built from the minute bars, in minutes. */
  static final int[] TIMEFRAMES = {5, 15, 60};

  /** The stage a late bar's dead letter names, per timeframe (the uids of the former windows). */
  static final String[] TIMEFRAME_STAGES = {
    FeaturesUids.BARS_5M, FeaturesUids.BARS_15M, FeaturesUids.BARS_60M
  };

  /** Every timeframe's windows end on a multiple of this. */
  private static final long SHORTEST_TIMEFRAME = 5 * 60_000L;

  static final Duration STATE_TTL = Duration.ofDays(7);
  static final Duration SENTIMENT_TTL = Duration.ofHours(2);
  static final long MINUTE = 60_000L;
  static final long LOOKBACK = 60 * MINUTE;
  static final long RECENT = 15 * MINUTE;

  private transient ValueState<FeatureState> features;
  private transient MapState<Long, MinuteBar> pendingBars;
  private transient ValueState<Long> latestAccepted;
  private transient ValueState<SentimentWindow> sentiment;
  private transient ValueState<LongerBars> longerBars;
  private transient Counter afterWatermark;
  private transient Counter lateBars;

  @Override
  public void open(OpenContext ctx) {
    ValueStateDescriptor<FeatureState> descriptor =
        new ValueStateDescriptor<>("feature-state", FeatureState.class);
    descriptor.enableTimeToLive(StateTtlConfig.newBuilder(STATE_TTL).build());
    features = getRuntimeContext().getState(descriptor);
    pendingBars =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("pending-bars", Types.LONG, Types.POJO(MinuteBar.class)));
    ValueStateDescriptor<Long> latest =
        new ValueStateDescriptor<>("latest-accepted-bar-end", Types.LONG);
    latest.enableTimeToLive(StateTtlConfig.newBuilder(STATE_TTL).build());
    latestAccepted = getRuntimeContext().getState(latest);
    ValueStateDescriptor<SentimentWindow> window =
        new ValueStateDescriptor<>("sentiment-window", SentimentWindow.class);
    // A symbol that is talked about but never trades keeps no sentiment for long.
    window.enableTimeToLive(StateTtlConfig.newBuilder(SENTIMENT_TTL).build());
    sentiment = getRuntimeContext().getState(window);
    ValueStateDescriptor<LongerBars> longer =
        new ValueStateDescriptor<>("longer-bars", LongerBars.class);
    longer.enableTimeToLive(StateTtlConfig.newBuilder(STATE_TTL).build());
    longerBars = getRuntimeContext().getState(longer);
    afterWatermark = getRuntimeContext().getMetricGroup().counter("sentimentAfterWatermark");
    lateBars = getRuntimeContext().getMetricGroup().addGroup("deadLetters").counter("late-bar");
  }

  @Override
  public void processElement1(MinuteBar bar, Context ctx, Collector<FeatureVector> out)
      throws Exception {
    // Only an 8-byte value is read here; the feature state is read once, when the bar is folded in.
    Long latest = latestAccepted.value();
    if (latest != null && bar.end() <= latest) {
      refuse(
          ctx,
          bar,
          "stale-bar",
          "bar ending " + bar.end() + " is not after the latest bar accepted, ending " + latest);
      return;
    }
    latestAccepted.update(bar.end());
    pendingBars.put(bar.end(), bar);
    ctx.timerService().registerEventTimeTimer(bar.eventTime());
  }

  @Override
  public void processElement2(
      SentimentAggregate aggregate, Context ctx, Collector<FeatureVector> out) throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    long minute = Math.floorDiv(aggregate.windowStart(), MINUTE) * MINUTE;
    if (minute + LOOKBACK <= watermark) {
      refuse(
          ctx,
          aggregate,
          "late-sentiment",
          "sentiment window from "
              + aggregate.windowStart()
              + " is more than an hour behind the watermark "
              + watermark);
      return;
    }
    if (aggregate.eventTime() <= watermark) {
      afterWatermark.inc();
    }
    SentimentWindow window = sentiment.value();
    if (window == null) {
      window = SentimentWindow.empty();
    }
    window.add(
        minute,
        aggregate.bullish(),
        aggregate.bearish(),
        aggregate.neutral(),
        aggregate.scoreSum());
    sentiment.update(window);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeatureVector> out)
      throws Exception {
    long end = timestamp + 1;
    LongerBars longer = null;
    MinuteBar bar = pendingBars.get(end);
    if (bar != null) {
      pendingBars.remove(end);
      SentimentSnapshot snapshot = SentimentSnapshot.NONE;
      SentimentWindow window = sentiment.value();
      if (window != null) {
        if (window.newestMinute() < bar.end() - LOOKBACK) {
          sentiment.clear(); // nothing left within the hour: the symbol's sentiment went quiet
        } else {
          snapshot = window.snapshot(bar.end(), LOOKBACK, RECENT);
        }
      }
      FeatureState state = features.value();
      FeatureCalculator.Step step =
          FeatureCalculator.update(
              state == null ? FeatureState.empty() : state,
              bar,
              snapshot,
              ExchangeCalendar.forSymbol(bar.symbol()));
      features.update(step.state());
      out.collect(step.features());
      longer = longerBars.value();
      if (longer == null) {
        longer = LongerBars.empty(TIMEFRAMES.length);
      }
      fold(longer, bar, timestamp, ctx);
    }
    if (end % SHORTEST_TIMEFRAME == 0) {
      if (longer == null) {
        longer = longerBars.value(); // a window's end without a bar of its own: a gap
      }
      if (longer != null && emitEnded(longer, end, ctx)) {
        longerBars.update(longer);
        return;
      }
    }
    if (bar != null) {
      longerBars.update(longer);
    }
  }

  /** Adds an accepted bar to the open window of each timeframe, or refuses it as late there. */
  private void fold(LongerBars longer, MinuteBar bar, long now, OnTimerContext ctx) {
    for (int i = 0; i < TIMEFRAMES.length; i++) {
      long length = TIMEFRAMES[i] * MINUTE;
      long start = Math.floorDiv(bar.start(), length) * length;
      long open = longer.openStart()[i];
      if (open != LongerBars.NONE && open < start) {
        emit(longer, i, ctx); // ended before this bar; its timer has normally emitted it already
        open = LongerBars.NONE;
      }
      if (open == start) {
        longer.open()[i] = AggregateBars.add(longer.open()[i], bar);
      } else if (open > start || start + length <= longer.emittedUntil()[i]) {
        lateBars.inc();
        ctx.output(
            REFUSED,
            DeadLetters.refused(
                TIMEFRAME_STAGES[i],
                bar.eventTime(),
                "late-bar",
                "minute bar of "
                    + bar.symbol()
                    + " at "
                    + bar.eventTime()
                    + " arrived after its "
                    + TIMEFRAMES[i]
                    + "-minute bar was emitted",
                bar));
      } else {
        longer.openStart()[i] = start;
        longer.open()[i] = AggregateBars.add(Ohlcv.EMPTY, bar);
        if (start + length - 1 > now) {
          ctx.timerService().registerEventTimeTimer(start + length - 1);
        } else {
          // A late bar in a window the watermark has passed that never had a bar: nothing was
          // emitted for it yet, so it is emitted now, with this bar alone.
          emit(longer, i, ctx);
        }
      }
    }
  }

  /** Emits every open window that ends by {@code end}; true if there was one. */
  private static boolean emitEnded(LongerBars longer, long end, OnTimerContext ctx) {
    boolean any = false;
    for (int i = 0; i < TIMEFRAMES.length; i++) {
      long open = longer.openStart()[i];
      if (open != LongerBars.NONE && open + TIMEFRAMES[i] * MINUTE <= end) {
        emit(longer, i, ctx);
        any = true;
      }
    }
    return any;
  }

  private static void emit(LongerBars longer, int i, OnTimerContext ctx) {
    long start = longer.openStart()[i];
    Ohlcv acc = longer.open()[i];
    if (acc.parts() > 0) {
      ctx.output(LONGER_BARS, AggregateBars.emit(ctx.getCurrentKey(), TIMEFRAMES[i], start, acc));
    }
    longer.emittedUntil()[i] = start + TIMEFRAMES[i] * MINUTE;
    longer.openStart()[i] = LongerBars.NONE;
    longer.open()[i] = null;
  }

  private static void refuse(Context ctx, Event e, String reason, String detail) {
    ctx.output(
        REFUSED,
        DeadLetters.refused(FeaturesUids.ROLLING_FEATURES, e.eventTime(), reason, detail, e));
  }
}
