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
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
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
 * still count. A late bar whose window never had a bar makes that window's bar, with the bars of
 * that window released together with it. Building them here rather than in window operators
 * downstream saves a shuffle, and a state read and write, per minute bar and timeframe.
 *
 * <p>Batches: a symbol's waiting bars share one timer, at the oldest one's time; when it fires,
 * every bar the watermark has passed is folded in, oldest first, and the feature state, the
 * sentiment window and the longer bars are read and written once for all of them. Each feature
 * vector is stamped with its own bar's time. What a bar's features are does not depend on how the
 * watermark happened to batch it: the same bars with the same sentiment give the same vectors.
 *
 * <p>State per symbol: the feature state and the longer bars being built (both expire after {@link
 * #STATE_TTL} without bars), the {@link Arrivals} (the end of the latest accepted bar and the ends
 * of the waiting ones; kept, so bars waiting through a long stop are still released), the bars
 * waiting for the watermark (a map by their end), and a ring of 60 minute slots of sentiment,
 * cleared once it holds nothing within the hour and expiring after {@link #SENTIMENT_TTL} without
 * updates.
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
  private transient MapState<Long, MinuteBar> waitingBars;
  private transient ValueState<Arrivals> arrivals;
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
    waitingBars =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "pending-bars", Types.LONG, TypeInformation.of(MinuteBar.class)));
    // No expiry: it names the bars still waiting, which must outlive any stop of the job, and a
    // duplicate stays a duplicate however late it comes. A few bytes per symbol ever seen.
    arrivals = getRuntimeContext().getState(new ValueStateDescriptor<>("arrivals", Arrivals.class));
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
    // A small read and write and a put per bar; the feature state is read once per batch of bars
    // the watermark releases together.
    Arrivals seen = arrivals.value();
    if (seen == null) {
      seen = Arrivals.EMPTY;
    }
    if (seen.latestEnd() != Arrivals.NONE && bar.end() <= seen.latestEnd()) {
      refuse(
          ctx,
          bar,
          "stale-bar",
          "bar ending "
              + bar.end()
              + " is not after the latest bar accepted, ending "
              + seen.latestEnd());
      return;
    }
    waitingBars.put(bar.end(), bar);
    if (!seen.waiting()) {
      ctx.timerService().registerEventTimeTimer(bar.eventTime()); // one timer for all that wait
    }
    arrivals.update(seen.accept(bar.end()));
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
    long watermark = ctx.timerService().currentWatermark();
    Arrivals seen = arrivals.value();
    if (seen != null && seen.waiting() && seen.oldestWaitingTime() <= watermark) {
      releaseWaiting(seen, timestamp, watermark, ctx, out);
    } else if ((timestamp + 1) % SHORTEST_TIMEFRAME == 0) {
      // A window's end without a bar of its own: a gap.
      LongerBars longer = longerBars.value();
      if (longer != null && emitEnded(longer, timestamp, timestamp, ctx)) {
        longerBars.update(longer);
      }
    }
  }

  /**
   * Folds every waiting bar the watermark has passed, oldest first, into the symbol's state: the
   * feature state, the sentiment window and the longer bars are each read and written once for the
   * whole batch. Live a batch is one bar; replaying or catching up, the source's watermark moves in
   * steps of many minutes and a batch holds them all.
   */
  private void releaseWaiting(
      Arrivals seen,
      long timestamp,
      long watermark,
      OnTimerContext ctx,
      Collector<FeatureVector> out)
      throws Exception {
    if (seen.oldestWaitingTime() != timestamp) {
      // Released by a window's timer that fired first: the bars' own timer has nothing left to do.
      ctx.timerService().deleteEventTimeTimer(seen.oldestWaitingTime());
    }
    Batch batch = new Batch(ctx, out, watermark, timestamp);
    // The waiting bars the watermark has passed, oldest first, by their ends, one at a time (a
    // backfill behind a held watermark can release a great many at once); what stays waits.
    long[] runs = seen.runs();
    int run = 0;
    long first = runs[0];
    for (; run < runs.length; run += 2) {
      first = runs[run];
      long last = runs[run + 1];
      for (; first <= last && first - 1 <= watermark; first += MINUTE) {
        MinuteBar bar = waitingBars.get(first);
        if (bar != null) { // always there: the runs name exactly the bars put in the map
          waitingBars.remove(first);
          batch.fold(bar);
        }
      }
      if (first <= last) {
        break; // the rest of this run, and the runs after it, stay
      }
    }
    emitEnded(batch.longer, watermark, timestamp, ctx);
    features.update(batch.state);
    longerBars.update(batch.longer);
    if (batch.sentimentQuiet) {
      sentiment.clear();
    }
    long[] left = new long[0];
    if (run < runs.length) {
      left = Arrays.copyOfRange(runs, run, runs.length);
      left[0] = first;
      ctx.timerService().registerEventTimeTimer(first - 1);
    }
    arrivals.update(new Arrivals(seen.latestEnd(), left));
  }

  /** The symbol's state while a batch of released bars is folded in, read once for all of them. */
  private final class Batch {
    private final OnTimerContext ctx;
    private final Collector<FeatureVector> out;
    private final TimestampedCollector<FeatureVector> stamped;
    private final long watermark;
    private final long timestamp;
    private SentimentWindow window;
    private boolean sentimentQuiet;
    private FeatureState state;
    private final LongerBars longer;

    Batch(OnTimerContext ctx, Collector<FeatureVector> out, long watermark, long timestamp)
        throws Exception {
      this.ctx = ctx;
      this.out = out;
      this.stamped = out instanceof TimestampedCollector<FeatureVector> c ? c : null;
      this.watermark = watermark;
      this.timestamp = timestamp;
      this.window = sentiment.value();
      FeatureState s = features.value();
      this.state = s == null ? FeatureState.empty() : s;
      LongerBars l = longerBars.value();
      this.longer = l == null ? LongerBars.empty(TIMEFRAMES.length) : l;
    }

    void fold(MinuteBar bar) {
      SentimentSnapshot snapshot = SentimentSnapshot.NONE;
      if (window != null) {
        if (window.newestMinute() < bar.end() - LOOKBACK) {
          window = null; // nothing left within the hour: the symbol's sentiment went quiet
          sentimentQuiet = true;
        } else {
          snapshot = window.snapshot(bar.end(), LOOKBACK, RECENT);
        }
      }
      FeatureCalculator.Step step =
          FeatureCalculator.update(state, bar, snapshot, ExchangeCalendar.forSymbol(bar.symbol()));
      state = step.state();
      if (stamped != null) {
        stamped.setAbsoluteTimestamp(bar.eventTime()); // each vector at its own bar's time
      }
      out.collect(step.features());
      RollingFeatures.this.fold(longer, bar, watermark, timestamp, ctx);
    }
  }

  /**
   * Adds an accepted bar to the open window of each timeframe, or refuses it as late there. A
   * window that ends after the watermark gets a timer, in case no bar comes after it; one that has
   * ended already is emitted at the end of the batch, with the batch's other bars in it.
   */
  private void fold(
      LongerBars longer, MinuteBar bar, long watermark, long timestamp, OnTimerContext ctx) {
    for (int i = 0; i < TIMEFRAMES.length; i++) {
      long length = TIMEFRAMES[i] * MINUTE;
      long start = Math.floorDiv(bar.start(), length) * length;
      long open = longer.openStart()[i];
      if (open != LongerBars.NONE && open < start) {
        emit(longer, i, timestamp, ctx); // ended before this bar
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
        if (start + length - 1 > watermark) {
          ctx.timerService().registerEventTimeTimer(start + length - 1);
        }
      }
    }
  }

  /** Emits every open window whose last millisecond is at or before {@code time}; true if any. */
  private static boolean emitEnded(
      LongerBars longer, long time, long timestamp, OnTimerContext ctx) {
    boolean any = false;
    for (int i = 0; i < TIMEFRAMES.length; i++) {
      long open = longer.openStart()[i];
      if (open != LongerBars.NONE && open + TIMEFRAMES[i] * MINUTE - 1 <= time) {
        emit(longer, i, timestamp, ctx);
        any = true;
      }
    }
    return any;
  }

  /**
   * Emits the open window of timeframe {@code i}. Its end's timer, when it is not the one firing,
   * is behind the watermark with nothing left to do, so it is deleted rather than left to fire.
   */
  private static void emit(LongerBars longer, int i, long timestamp, OnTimerContext ctx) {
    long start = longer.openStart()[i];
    long end = start + TIMEFRAMES[i] * MINUTE;
    Ohlcv acc = longer.open()[i];
    if (acc.parts() > 0) {
      ctx.output(LONGER_BARS, AggregateBars.emit(ctx.getCurrentKey(), TIMEFRAMES[i], start, acc));
    }
    if (end - 1 != timestamp) {
      ctx.timerService().deleteEventTimeTimer(end - 1);
    }
    longer.emittedUntil()[i] = end;
    longer.openStart()[i] = LongerBars.NONE;
    longer.open()[i] = null;
  }

  private static void refuse(Context ctx, Event e, String reason, String detail) {
    ctx.output(
        REFUSED,
        DeadLetters.refused(FeaturesUids.ROLLING_FEATURES, e.eventTime(), reason, detail, e));
  }
}
