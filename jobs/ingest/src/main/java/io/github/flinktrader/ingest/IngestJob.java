package io.github.flinktrader.ingest;

import io.github.flinktrader.db.BarsTable;
import io.github.flinktrader.db.SocialPostsTable;
import io.github.flinktrader.flink.AdmittedWatermarks;
import io.github.flinktrader.flink.JobIo;
import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.LateToDeadLetter;
import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.ingest.polygon.PolygonLive;
import io.github.flinktrader.ingest.reddit.RedditPoller;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.SocialPost;
import io.github.flinktrader.records.Trade;
import io.github.flinktrader.serde.ParseEvents;
import io.github.flinktrader.serde.RawRecord;
import io.github.flinktrader.text.TickerExtractor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * Ingest: where the outside world enters. Trades (from the trade topic, e.g. the Bitstamp replay,
 * and from Polygon's live stream) become one-minute OHLCV bars per symbol in event time; Polygon's
 * minute aggregates (live, and REST gap fills) pass the same gate; every bar, whatever its source,
 * is deduplicated per symbol and minute. Reddit posts and comments are polled with their cursor in
 * Flink state. Every refused input goes to the dead letters with its reason; outputs are written
 * exactly once to Kafka.
 */
public final class IngestJob {

  public static final String NAME = "ingest";

  private static final OutputTag<Trade> LATE = new OutputTag<>("late-trades") {};

  /** What the workflow produces, before sinks are attached. */
  public record Outputs(
      DataStream<MinuteBar> bars,
      DataStream<SocialPost> posts,
      DataStream<DeadLetter> deadLetters) {}

  private IngestJob() {}

  public static void main(String[] args) throws Exception {
    IngestSources sources = IngestSources.fromArgs(args);
    Pipelines.run(NAME, args, (env, settings) -> build(env, settings, sources));
  }

  /** The job on {@code env} reading only the trade topic (the demo). */
  public static void build(StreamExecutionEnvironment env, JobSettings settings) {
    build(env, settings, IngestSources.defaults());
  }

  /** The whole job on {@code env}: sources in, bars and posts to Kafka and the database. */
  public static void build(
      StreamExecutionEnvironment env, JobSettings settings, IngestSources sources) {
    DataStream<RawRecord> raw =
        sources.kafkaTrades()
            ? JobIo.source(env, settings, NAME, Topics.TRADES, IngestUids.TRADES_SOURCE)
            : null;
    Outputs out = defineWorkflow(env, raw, sources);
    JobIo.write(out.bars(), settings, NAME, "bars", Topics.BARS_1M, new BarsTable());
    if (out.posts() != null) {
      JobIo.write(
          out.posts(), settings, NAME, "posts", Topics.SOCIAL_POSTS, new SocialPostsTable());
    }
    JobIo.writeDeadLetters(out.deadLetters(), settings, NAME);
  }

  /** Raw trade records only (timestamped with their event time), default rules. */
  public static Outputs defineWorkflow(DataStream<RawRecord> raw) {
    return defineWorkflow(raw.getExecutionEnvironment(), raw, IngestSources.defaults());
  }

  /**
   * @param raw the trade topic's records, or {@code null} when it is not read
   */
  public static Outputs defineWorkflow(
      StreamExecutionEnvironment env, DataStream<RawRecord> raw, IngestSources sources) {
    // Each step adds the dead letters of its operators here.
    List<DataStream<DeadLetter>> dead = new ArrayList<>();
    List<DataStream<Trade>> trades = new ArrayList<>();
    List<DataStream<MinuteBar>> bars = new ArrayList<>();
    if (raw != null) {
      trades.add(parseTrades(raw, dead));
    }
    if (sources.polygon() != null) {
      polygon(env, sources, trades, bars, dead);
    }
    if (!trades.isEmpty()) {
      bars.add(barsFromTrades(union(trades), sources.rules(), dead));
    }
    DataStream<MinuteBar> unique = bars.isEmpty() ? null : oneBarPerMinute(union(bars), dead);
    DataStream<SocialPost> posts = sources.reddit() == null ? null : reddit(env, sources, dead);
    if (unique == null && posts == null) {
      throw new IllegalArgumentException("the ingest job has no source: enable at least one");
    }
    return new Outputs(unique, posts, union(dead));
  }

  private static DataStream<Trade> parseTrades(
      DataStream<RawRecord> raw, List<DataStream<DeadLetter>> dead) {
    SingleOutputStreamOperator<Trade> parsed =
        raw.process(new ParseEvents<>(Trade.class, IngestUids.PARSE_TRADES))
            .uid(IngestUids.PARSE_TRADES)
            .name("parse trades");
    dead.add(parsed.getSideOutput(ParseEvents.DEAD_LETTERS));
    return parsed;
  }

  /**
   * The live Polygon feed: its minute aggregates, admitted and held to the trades' price band, to
   * {@code bars}; its trades, timestamped, to {@code trades}.
   */
  private static void polygon(
      StreamExecutionEnvironment env,
      IngestSources sources,
      List<DataStream<Trade>> trades,
      List<DataStream<MinuteBar>> bars,
      List<DataStream<DeadLetter>> dead) {
    SingleOutputStreamOperator<MinuteBar> live =
        ticks(env, 10, IngestUids.POLYGON_TICKS)
            .process(new PolygonLive(sources.polygon(), sources.secretEnv()))
            .uid(IngestUids.POLYGON_LIVE)
            .name("polygon live stream")
            .setParallelism(1);
    dead.add(live.getSideOutput(ParseEvents.DEAD_LETTERS));
    // Chained to the stream, so each symbol's bars keep their order into the deduplication.
    SingleOutputStreamOperator<MinuteBar> admitted =
        live.process(new Admit<>(MinuteBar.class, IngestUids.ADMIT_BARS, sources.rules(), true))
            .uid(IngestUids.ADMIT_BARS)
            .name("admit bars")
            .setParallelism(1);
    dead.add(admitted.getSideOutput(ParseEvents.DEAD_LETTERS));
    // The price band of the trades, for bars that arrive as bars.
    SingleOutputStreamOperator<MinuteBar> saneBars =
        admitted
            .keyBy(MinuteBar::symbol)
            .process(new BarSanity(sources.rules(), IngestUids.BAR_SANITY))
            .uid(IngestUids.BAR_SANITY)
            .name("market-data controls on bars");
    dead.add(saneBars.getSideOutput(ParseEvents.DEAD_LETTERS));
    bars.add(saneBars);
    trades.add(
        live.getSideOutput(PolygonLive.TRADES)
            // A trade stamped beyond the clock skew never moves event time: admission refuses it
            // as future-timestamp, and the good trades behind it stay on time.
            .assignTimestampsAndWatermarks(
                AdmittedWatermarks.<Trade>boundedByClock(
                    JobIo.OUT_OF_ORDERNESS,
                    JobIo.IDLENESS,
                    sources.rules().maxClockSkew(),
                    (t, ts) -> t.timestamp()))
            .uid(IngestUids.POLYGON_TRADE_TIMES)
            .name("polygon trade watermarks"));
  }

  /**
   * Trades admitted, checked per symbol (price band, size bound, duplicate ids) and aggregated into
   * one-minute bars in event time; late trades are dead letters.
   */
  private static DataStream<MinuteBar> barsFromTrades(
      DataStream<Trade> allTrades, IngestRules rules, List<DataStream<DeadLetter>> dead) {
    SingleOutputStreamOperator<Trade> trades =
        allTrades
            .process(new Admit<>(Trade.class, IngestUids.ADMIT_TRADES, rules, true))
            .uid(IngestUids.ADMIT_TRADES)
            .name("admit trades");
    dead.add(trades.getSideOutput(ParseEvents.DEAD_LETTERS));
    SingleOutputStreamOperator<Trade> sane =
        trades
            .keyBy(Trade::symbol)
            .process(new MarketSanity(rules, IngestUids.MARKET_SANITY))
            .uid(IngestUids.MARKET_SANITY)
            .name("market-data controls");
    dead.add(sane.getSideOutput(ParseEvents.DEAD_LETTERS));
    SingleOutputStreamOperator<MinuteBar> bars =
        sane.keyBy(Trade::symbol)
            .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
            .sideOutputLateData(LATE)
            .aggregate(new MinuteBarAggregate(), new EmitMinuteBar())
            .uid(IngestUids.MINUTE_BARS)
            .name("one-minute bars");
    dead.add(
        bars.getSideOutput(LATE)
            .map(new LateToDeadLetter<Trade>(IngestUids.MINUTE_BARS, "late-trade"))
            .uid(IngestUids.LATE_TRADES)
            .name("late trades to dead letters"));
    return bars;
  }

  /**
   * One bar per symbol and minute, whichever path delivered it (bars from trades were admitted as
   * trades; bars from connectors were admitted as bars).
   */
  private static DataStream<MinuteBar> oneBarPerMinute(
      DataStream<MinuteBar> bars, List<DataStream<DeadLetter>> dead) {
    SingleOutputStreamOperator<MinuteBar> unique =
        bars.keyBy(MinuteBar::symbol)
            .process(new DedupeBars(IngestUids.DEDUPE_BARS))
            .uid(IngestUids.DEDUPE_BARS)
            .name("one bar per symbol and minute");
    dead.add(unique.getSideOutput(ParseEvents.DEAD_LETTERS));
    return unique;
  }

  /** Reddit's feeds polled on a timer, one keyed poller per feed, the posts admitted. */
  private static DataStream<SocialPost> reddit(
      StreamExecutionEnvironment env, IngestSources sources, List<DataStream<DeadLetter>> dead) {
    List<String> feeds = sources.reddit().feeds();
    double perSecond = 1000.0 / sources.reddit().interval().toMillis();
    SingleOutputStreamOperator<SocialPost> polled =
        ticks(env, perSecond, IngestUids.REDDIT_TICKS)
            .flatMap(
                (Long tick, org.apache.flink.util.Collector<String> out) ->
                    feeds.forEach(out::collect))
            .returns(Types.STRING)
            .uid(IngestUids.REDDIT_FEEDS)
            .name("reddit feeds due")
            .setParallelism(1)
            .keyBy(feed -> feed)
            .process(
                new RedditPoller(
                    sources.reddit(),
                    sources.redditPolicy(),
                    TickerExtractor.defaults(),
                    sources.secretEnv()))
            .uid(IngestUids.REDDIT_POLLER)
            .name("reddit poller");
    dead.add(polled.getSideOutput(RedditPoller.DEAD_LETTERS));
    SingleOutputStreamOperator<SocialPost> admitted =
        polled
            .process(new Admit<>(SocialPost.class, IngestUids.ADMIT_POSTS, sources.rules(), false))
            .uid(IngestUids.ADMIT_POSTS)
            .name("admit posts");
    dead.add(admitted.getSideOutput(ParseEvents.DEAD_LETTERS));
    return admitted;
  }

  /** An unbounded tick every {@code 1 / perSecond} seconds, checkpointed with the job. */
  private static DataStream<Long> ticks(
      StreamExecutionEnvironment env, double perSecond, String uid) {
    return env.fromSource(
            new DataGeneratorSource<>(
                index -> index,
                Long.MAX_VALUE,
                RateLimiterStrategy.perSecond(perSecond),
                Types.LONG),
            WatermarkStrategy.noWatermarks(),
            uid)
        .uid(uid)
        .setParallelism(1);
  }

  @SuppressWarnings("unchecked")
  private static <T> DataStream<T> union(List<DataStream<T>> streams) {
    DataStream<T> first = streams.get(0);
    return streams.size() == 1
        ? first
        : first.union(streams.subList(1, streams.size()).toArray(DataStream[]::new));
  }
}
