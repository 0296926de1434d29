package io.github.flinktrader.features.job;

import io.github.flinktrader.features.ExchangeCalendar;
import io.github.flinktrader.features.FeatureCalculator;
import io.github.flinktrader.features.FeatureState;
import io.github.flinktrader.features.SentimentSnapshot;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Event;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.SentimentLabel;
import io.github.flinktrader.records.SentimentScore;
import io.github.flinktrader.serde.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
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
 * the hour before the bar closed. A bar waits until the event-time watermark of both inputs passes
 * its end, so every sentiment score up to then is counted whatever order the two topics deliver in,
 * and a replay computes the same vector.
 *
 * <p>Social posts are sparse and scored late, so the sentiment input goes idle quickly and does not
 * hold bars back; a score that arrives behind the watermark still counts for the bars still to come
 * within its hour (counted in {@code sentimentAfterWatermark}). Refused, each as a dead letter with
 * its reason: a bar not newer than the last one folded in or already waiting ({@code stale-bar}:
 * duplicates and out-of-order bars would corrupt the rolling windows), and a score more than an
 * hour behind the watermark ({@code late-sentiment}: no bar still to come can use it). Sentiment
 * buckets expire by event-time timers after an hour; the feature state of a symbol that stops
 * trading expires after {@link #STATE_TTL}.
 */
public final class RollingFeatures
    extends KeyedCoProcessFunction<String, MinuteBar, SentimentScore, FeatureVector> {

  private static final long serialVersionUID = 1L;

  public static final OutputTag<DeadLetter> REFUSED = new OutputTag<>("refused") {};

  static final Duration STATE_TTL = Duration.ofDays(7);
  static final long MINUTE = 60_000L;
  static final long LOOKBACK = 60 * MINUTE;
  static final long RECENT = 15 * MINUTE;

  /** A bucket's cleanup timer fires this long after its minute starts; bar timers end in 999. */
  static final long BUCKET_LIFETIME = LOOKBACK + MINUTE;

  private transient ValueState<FeatureState> features;
  private transient MapState<Long, MinuteBar> pendingBars;
  private transient MapState<Long, SentimentBucket> sentiment;
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
    afterWatermark = getRuntimeContext().getMetricGroup().counter("sentimentAfterWatermark");
    sentiment =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "sentiment-by-minute", Types.LONG, Types.POJO(SentimentBucket.class)));
  }

  @Override
  public void processElement1(MinuteBar bar, Context ctx, Collector<FeatureVector> out)
      throws Exception {
    FeatureState state = features.value();
    long lastEnd = state == null ? Long.MIN_VALUE : state.lastBarEnd();
    if (bar.end() <= lastEnd || pendingBars.contains(bar.end())) {
      refuse(
          ctx,
          bar,
          "stale-bar",
          "bar ending "
              + bar.end()
              + " is not after the last bar seen ("
              + lastEnd
              + ") or is already waiting");
      return;
    }
    pendingBars.put(bar.end(), bar);
    ctx.timerService().registerEventTimeTimer(bar.eventTime());
  }

  @Override
  public void processElement2(SentimentScore score, Context ctx, Collector<FeatureVector> out)
      throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    long minute = Math.floorDiv(score.time(), MINUTE) * MINUTE;
    if (minute + LOOKBACK <= watermark) {
      refuse(
          ctx,
          score,
          "late-sentiment",
          "score at " + score.time() + " is more than an hour behind the watermark " + watermark);
      return;
    }
    if (score.time() <= watermark) {
      afterWatermark.inc();
    }
    SentimentBucket b = sentiment.get(minute);
    if (b == null) {
      b = SentimentBucket.EMPTY;
      ctx.timerService().registerEventTimeTimer(minute + BUCKET_LIFETIME);
    }
    sentiment.put(
        minute,
        new SentimentBucket(
            b.bullish() + (score.label() == SentimentLabel.POSITIVE ? 1 : 0),
            b.bearish() + (score.label() == SentimentLabel.NEGATIVE ? 1 : 0),
            b.neutral() + (score.label() == SentimentLabel.NEUTRAL ? 1 : 0),
            b.scoreSum() + score.score()));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeatureVector> out)
      throws Exception {
    MinuteBar bar = pendingBars.get(timestamp + 1);
    if (bar != null) {
      pendingBars.remove(bar.end());
      FeatureState state = features.value();
      FeatureCalculator.Step step =
          FeatureCalculator.update(
              state == null ? FeatureState.empty() : state,
              bar,
              snapshot(bar.end()),
              ExchangeCalendar.forSymbol(bar.symbol()));
      features.update(step.state());
      out.collect(step.features());
    }
    sentiment.remove(timestamp - BUCKET_LIFETIME);
  }

  /** Sentiment of the hour (and quarter hour) before {@code end}; all zero when none came. */
  private SentimentSnapshot snapshot(long end) throws Exception {
    if (sentiment.isEmpty()) {
      return SentimentSnapshot.NONE;
    }
    long bull = 0;
    long bear = 0;
    long neutral = 0;
    double sum60 = 0;
    double sum15 = 0;
    long n15 = 0;
    for (Map.Entry<Long, SentimentBucket> e : sentiment.entries()) {
      long minute = e.getKey();
      if (minute < end - LOOKBACK || minute >= end) {
        continue;
      }
      SentimentBucket b = e.getValue();
      bull += b.bullish();
      bear += b.bearish();
      neutral += b.neutral();
      sum60 += b.scoreSum();
      if (minute >= end - RECENT) {
        sum15 += b.scoreSum();
        n15 += b.posts();
      }
    }
    long n60 = bull + bear + neutral;
    return new SentimentSnapshot(
        bull,
        bear,
        neutral,
        n60 == 0 ? 0 : sum60 / n60,
        n15 == 0 ? (n60 == 0 ? 0 : sum60 / n60) : sum15 / n15);
  }

  private static void refuse(Context ctx, Event e, String reason, String detail) {
    ctx.output(
        REFUSED,
        new DeadLetter(
            FeaturesUids.ROLLING_FEATURES,
            null,
            -1,
            -1,
            e.eventTime(),
            reason,
            detail,
            new String(Json.write(e), StandardCharsets.UTF_8)));
  }
}
