package io.github.flinktrader.inference.sentiment;

import io.github.flinktrader.flink.DeadLetterMetrics;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.SentimentAggregate;
import io.github.flinktrader.records.SentimentLabel;
import io.github.flinktrader.records.SentimentScore;
import io.github.flinktrader.serde.DeadLetters;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per symbol: sentiment scores into tumbling event-time windows, each emitted once when the
 * watermark passes its end plus the allowed {@code lateness}, with exponential smoothing, momentum
 * and an anomaly flag (see {@link SentimentAggregate}). Posts reach the stream minutes after they
 * were written (Reddit is polled, every 30 s by default, and listings lag), while the watermark
 * follows the market clock: the lateness (default 5 minutes) is what lets them still count. Windows
 * without scores emit nothing, but count as zero posts in the volume statistics. A score for a
 * window already emitted is refused ({@code late-sentiment}).
 *
 * <p>The volume and mean statistics are exponentially weighted; the variance a z-score divides by
 * is floored (volume: at least the mean and at least 1; score: at least 0.01), so a single post
 * after a quiet spell is not an anomaly. They are exponentially weighted with {@code alpha = 2 /
 * (span + 1)}; a window's z-scores are taken against the statistics of the windows before it, and
 * only once {@code minHistory} windows have been seen (before that they are 0 and nothing is an
 * anomaly).
 *
 * <p>State per symbol: the open windows' counts (one map entry per window, removed when emitted)
 * and the statistics (one value, expiring after {@link #STATE_TTL} without scores).
 */
public final class SentimentAggregator
    extends KeyedProcessFunction<String, SentimentScore, SentimentAggregate> {

  private static final long serialVersionUID = 1L;

  public static final OutputTag<DeadLetter> REFUSED = new OutputTag<>("refused-sentiment") {};

  static final Duration STATE_TTL = Duration.ofDays(7);

  /** Empty windows folded into the statistics one by one at most; beyond, they have decayed. */
  static final int MAX_EMPTY_STEPS = 5_000;

  /** How the windows and statistics are set up. */
  public record Settings(
      Duration window,
      double smoothing,
      int span,
      double zThreshold,
      int minHistory,
      Duration lateness)
      implements Serializable {

    /**
     * One-minute windows (the features job reads them), smoothing 0.2, 60-window statistics,
     * anomalies beyond |z| 3 after 30 windows, 5 minutes for posts to arrive.
     */
    public static final Settings DEFAULT =
        new Settings(Duration.ofMinutes(1), 0.2, 60, 3.0, 30, Duration.ofMinutes(5));

    public Settings {
      if (window.toMillis() <= 0
          || lateness.isNegative()
          || smoothing <= 0
          || smoothing > 1
          || span < 1
          || zThreshold <= 0) {
        throw new IllegalArgumentException("bad sentiment aggregation settings: " + window);
      }
    }
  }

  /** One open window's counts. */
  public record Counts(
      long bullish, long bearish, long neutral, double scoreSum, long fallbacks, String model) {}

  /**
   * The exponentially weighted statistics of earlier windows.
   *
   * @param lastWindow start of the newest window folded in
   */
  public record Stats(
      long lastWindow,
      long windows,
      double volumeMean,
      double volumeVar,
      long scoredWindows,
      double scoreMean,
      double scoreVar,
      double smoothed) {}

  private final Settings settings;
  private final String stage;
  private transient MapState<Long, Counts> open;
  private transient ValueState<Stats> stats;
  private transient DeadLetterMetrics refused;

  public SentimentAggregator(Settings settings, String stage) {
    this.settings = settings;
    this.stage = stage;
  }

  @Override
  public void open(OpenContext ctx) {
    open =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("open-windows", Types.LONG, Types.POJO(Counts.class)));
    ValueStateDescriptor<Stats> s = new ValueStateDescriptor<>("window-stats", Stats.class);
    s.enableTimeToLive(StateTtlConfig.newBuilder(STATE_TTL).build());
    stats = getRuntimeContext().getState(s);
    refused = new DeadLetterMetrics(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(SentimentScore score, Context ctx, Collector<SentimentAggregate> out)
      throws Exception {
    long size = settings.window().toMillis();
    long start = Math.floorDiv(score.time(), size) * size;
    long watermark = ctx.timerService().currentWatermark();
    Stats st = stats.value();
    if (closesAt(start) <= watermark || st != null && start <= st.lastWindow()) {
      refused.inc("late-sentiment");
      ctx.output(
          REFUSED,
          DeadLetters.refused(
              stage,
              score.time(),
              "late-sentiment",
              "window starting " + start + " was emitted already (watermark " + watermark + ")",
              score));
      return;
    }
    Counts c = open.get(start);
    if (c == null) {
      c = new Counts(0, 0, 0, 0, 0, score.modelVersion());
      ctx.timerService().registerEventTimeTimer(closesAt(start));
    }
    open.put(
        start,
        new Counts(
            c.bullish() + (score.label() == SentimentLabel.POSITIVE ? 1 : 0),
            c.bearish() + (score.label() == SentimentLabel.NEGATIVE ? 1 : 0),
            c.neutral() + (score.label() == SentimentLabel.NEUTRAL ? 1 : 0),
            c.scoreSum() + score.score(),
            c.fallbacks() + (score.fallback() ? 1 : 0),
            score.fallback() ? c.model() : score.modelVersion()));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<SentimentAggregate> out)
      throws Exception {
    long start = timestamp + 1 - settings.window().toMillis() - settings.lateness().toMillis();
    Counts c = open.get(start);
    if (c == null) {
      return;
    }
    open.remove(start);
    out.collect(fold(stats.value(), start, c, ctx.getCurrentKey()));
  }

  /** When the window starting at {@code start} is emitted: its last millisecond plus lateness. */
  private long closesAt(long start) {
    return start + settings.window().toMillis() - 1 + settings.lateness().toMillis();
  }

  /** The window's aggregate against the earlier statistics; the statistics then take it in. */
  SentimentAggregate fold(Stats before, long start, Counts c, String symbol) throws Exception {
    Stats st = before;
    double alpha = 2.0 / (settings.span() + 1);
    long size = settings.window().toMillis();
    if (st != null) {
      long empty = Math.min(MAX_EMPTY_STEPS, (start - st.lastWindow()) / size - 1);
      double m = st.volumeMean();
      double v = st.volumeVar();
      for (long i = 0; i < empty; i++) {
        v = (1 - alpha) * (v + alpha * m * m);
        m = (1 - alpha) * m;
      }
      st =
          new Stats(
              st.lastWindow(),
              st.windows() + empty,
              m,
              v,
              st.scoredWindows(),
              st.scoreMean(),
              st.scoreVar(),
              st.smoothed());
    }
    long total = c.bullish() + c.bearish() + c.neutral();
    double mean = Math.max(-1, Math.min(1, c.scoreSum() / total));
    boolean history = st != null && st.windows() >= settings.minHistory();
    // Post counts are at least Poisson-noisy (variance >= mean) and never surprising below one
    // post of spread; scores never below 0.1. Without these floors a symbol quiet for hours has a
    // variance near zero and its next single post would be a huge "anomaly".
    double volumeZ =
        history
            ? z(total, st.volumeMean(), Math.max(1, Math.max(st.volumeMean(), st.volumeVar())))
            : 0;
    double meanZ =
        history && st.scoredWindows() >= settings.minHistory()
            ? z(mean, st.scoreMean(), Math.max(0.01, st.scoreVar()))
            : 0;
    double previous = st == null ? mean : st.smoothed();
    double smoothed =
        st == null ? mean : settings.smoothing() * mean + (1 - settings.smoothing()) * previous;
    boolean anomaly =
        Math.abs(volumeZ) > settings.zThreshold() || Math.abs(meanZ) > settings.zThreshold();
    Stats next;
    if (st == null) {
      next = new Stats(start, 1, total, 0, 1, mean, 0, smoothed);
    } else {
      double dv = total - st.volumeMean();
      double ds = mean - st.scoreMean();
      next =
          new Stats(
              start,
              st.windows() + 1,
              st.volumeMean() + alpha * dv,
              (1 - alpha) * (st.volumeVar() + alpha * dv * dv),
              st.scoredWindows() + 1,
              st.scoreMean() + alpha * ds,
              (1 - alpha) * (st.scoreVar() + alpha * ds * ds),
              smoothed);
    }
    stats.update(next);
    return new SentimentAggregate(
        symbol,
        start,
        start + size,
        c.bullish(),
        c.bearish(),
        c.neutral(),
        total,
        mean,
        smoothed,
        smoothed - previous,
        volumeZ,
        meanZ,
        anomaly,
        c.fallbacks(),
        c.model());
  }

  /** A z-score, 0 where there is no spread to measure against. */
  static double z(double x, double mean, double variance) {
    return variance > 1e-12 ? (x - mean) / Math.sqrt(variance) : 0;
  }
}
