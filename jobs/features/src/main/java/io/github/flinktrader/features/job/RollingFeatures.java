package io.github.flinktrader.features.job;

import io.github.flinktrader.features.ExchangeCalendar;
import io.github.flinktrader.features.FeatureCalculator;
import io.github.flinktrader.features.FeatureState;
import io.github.flinktrader.features.SentimentSnapshot;
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
 * the hour before the bar closed, from the one-minute sentiment windows of the inference job. A bar
 * waits until the event-time watermark of both inputs passes its end, so the scores that are in by
 * then count whatever order the two topics deliver in.
 *
 * <p>Social posts are sparse and scored late, so the sentiment input goes idle quickly and does not
 * hold bars back; a score that arrives behind the watermark still counts for the bars still to come
 * within its hour (counted in {@code sentimentAfterWatermark}). Refused, each as a dead letter with
 * its reason: a bar not newer than the latest one accepted ({@code stale-bar}: duplicates and
 * out-of-order bars would corrupt the rolling windows), and a score more than an hour behind the
 * watermark ({@code late-sentiment}: no bar still to come can use it).
 *
 * <p>State per symbol: the feature state (expires after {@link #STATE_TTL} without bars), the bars
 * waiting for the watermark, the end of the latest accepted bar (same expiry), and a ring of 60
 * minute slots of sentiment, cleared once it holds nothing within the hour and expiring after
 * {@link #SENTIMENT_TTL} without updates.
 */
public final class RollingFeatures
    extends KeyedCoProcessFunction<String, MinuteBar, SentimentAggregate, FeatureVector> {

  private static final long serialVersionUID = 1L;

  public static final OutputTag<DeadLetter> REFUSED = new OutputTag<>("refused") {};

  /**
   * Every bar folded in, once, in time order, when the watermark passes it: what the longer bars
   * are built from, so a duplicate minute bar is never counted twice.
   */
  public static final OutputTag<MinuteBar> ACCEPTED = new OutputTag<>("accepted-bars") {};

  static final Duration STATE_TTL = Duration.ofDays(7);
  static final Duration SENTIMENT_TTL = Duration.ofHours(2);
  static final long MINUTE = 60_000L;
  static final long LOOKBACK = 60 * MINUTE;
  static final long RECENT = 15 * MINUTE;

  private transient ValueState<FeatureState> features;
  private transient MapState<Long, MinuteBar> pendingBars;
  private transient ValueState<Long> latestAccepted;
  private transient ValueState<SentimentWindow> sentiment;
  private transient Counter afterWatermark;

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
    afterWatermark = getRuntimeContext().getMetricGroup().counter("sentimentAfterWatermark");
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
    MinuteBar bar = pendingBars.get(timestamp + 1);
    if (bar == null) {
      return;
    }
    pendingBars.remove(bar.end());
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
    ctx.output(ACCEPTED, bar);
  }

  private static void refuse(Context ctx, Event e, String reason, String detail) {
    ctx.output(
        REFUSED,
        DeadLetters.refused(FeaturesUids.ROLLING_FEATURES, e.eventTime(), reason, detail, e));
  }
}
