package io.github.flinktrader.inference;

import io.github.flinktrader.db.ForecastExplanationsTable;
import io.github.flinktrader.db.ForecastsTable;
import io.github.flinktrader.db.SentimentAggregatesTable;
import io.github.flinktrader.flink.JobIo;
import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.inference.sentiment.AsyncSentiment;
import io.github.flinktrader.inference.sentiment.Classification;
import io.github.flinktrader.inference.sentiment.MiniLmSentiment;
import io.github.flinktrader.inference.sentiment.ScoredPost;
import io.github.flinktrader.inference.sentiment.SentimentAggregator;
import io.github.flinktrader.inference.sentiment.SentimentModel;
import io.github.flinktrader.inference.sentiment.TorchScriptSentiment;
import io.github.flinktrader.inference.tft.TftForecaster;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.records.ModelAnnouncement;
import io.github.flinktrader.records.SentimentAggregate;
import io.github.flinktrader.records.SentimentScore;
import io.github.flinktrader.records.SocialPost;
import io.github.flinktrader.serde.ParseEvents;
import io.github.flinktrader.serde.RawRecord;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * Inference: two configurations of the one async inference operator ({@link AsyncInference}).
 * Forecasts: each symbol's price at several horizons, as quantiles, whenever a bar's features are
 * complete (the TFT from the registry, or the named baseline {@link DriftVolatilityBaseline}).
 * Sentiment: every social post about a symbol is classified ({@link SentimentModel}), one score per
 * symbol it mentions goes to {@code sentiment.scores}, and per-symbol windows of them ({@link
 * SentimentAggregator}) to {@code sentiment.aggregates}, which the features job joins, and to the
 * {@code reddit_sentiment_aggregated} table.
 */
public final class InferenceJob {

  public static final String NAME = "inference";

  /**
   * How long the forecast path's network buffers wait to fill before they are sent. Flink's default
   * (100 ms) would be most of a forecast's latency at a few hundred requests/s; a buffer of feature
   * windows fills quickly under load, so throughput does not suffer.
   */
  static final long BUFFER_TIMEOUT_MS = 2;

  static final int WORKERS = 2;

  /** Posts are sparse: without one for this long, they stop holding the watermark back. */
  static final java.time.Duration POSTS_IDLENESS = java.time.Duration.ofSeconds(5);

  /**
   * How one configuration of the async inference operator works its requests.
   *
   * @param timeoutMs how long a request may take before its fallback is emitted instead
   * @param maxBatch requests per model call at most
   * @param maxBatchDelayMs how long the oldest request of a batch waits for more
   * @param capacity requests in flight at most; beyond it the operator backpressures
   */
  public record Batching(long timeoutMs, int maxBatch, long maxBatchDelayMs, int capacity)
      implements java.io.Serializable {

    /** Forecasts: feature windows are small and come in bursts at each minute's end. */
    public static final Batching FORECASTS = new Batching(5_000, 32, 5, 256);

    /** Posts: longer inputs, sparse, a bigger model per item. */
    public static final Batching SENTIMENT = new Batching(5_000, 16, 20, 256);

    public Batching withTimeoutMs(long ms) {
      return new Batching(ms, maxBatch, maxBatchDelayMs, capacity);
    }

    public Batching withBatch(int max, long delayMs) {
      return new Batching(timeoutMs, max, delayMs, capacity);
    }

    public Batching withCapacity(int requests) {
      return new Batching(timeoutMs, maxBatch, maxBatchDelayMs, requests);
    }
  }

  /**
   * What the job runs and how.
   *
   * @param model the forecaster (the TFT from the registry, or the named baseline)
   * @param sentiment the sentiment model, or null: posts are not read
   * @param forecastEveryMinutes forecast each symbol at the first bar of every period of this many
   *     minutes (1: every bar); the bars between still enter its context window
   * @param forecasting the forecast operator's batching
   * @param scoring the sentiment operator's batching
   * @param aggregation the sentiment windows
   */
  public record Options(
      Forecaster.Factory model,
      SentimentModel.Factory sentiment,
      int forecastEveryMinutes,
      Batching forecasting,
      Batching scoring,
      SentimentAggregator.Settings aggregation) {

    /** The baseline forecaster every bar, no sentiment, the default batching. */
    public static Options defaults() {
      return new Options(
          DriftVolatilityBaseline.factory(),
          null,
          1,
          Batching.FORECASTS,
          Batching.SENTIMENT,
          SentimentAggregator.Settings.DEFAULT);
    }

    /** {@link #defaults} serving {@code model}. */
    public static Options serving(Forecaster.Factory model) {
      return defaults().withModel(model);
    }

    /**
     * From the job's arguments: {@code --model baseline} (default) or {@code --model tft} with
     * {@code --registry DIR} (default {@code registry}) and optionally {@code --model-version vN}
     * (default: the latest approved) and {@code --explain true} (every TFT forecast carries its
     * variable selection and attention weights, kept in {@code forecast_explanations}); {@code
     * --forecast-every-minutes N} (default 1); {@code --sentiment none} (the default: posts are not
     * read, like {@code --model baseline} a job that starts without a registry), {@code --sentiment
     * minilm} (the registry's latest approved {@code sentiment-minilm}, or {@code
     * --sentiment-version vN}), {@code --sentiment torchscript} with {@code --sentiment-model
     * FILE.pt --sentiment-tokenizer tokenizer.json --sentiment-labels negative,neutral,positive
     * [--sentiment-max-tokens 256] [--sentiment-name NAME/VERSION]}; {@code --sentiment-threshold}
     * (default 0.7) for either model.
     */
    public static Options fromArgs(ParameterTool p) throws java.io.IOException {
      return defaults()
          .withModel(InferenceJob.model(p))
          .withSentiment(InferenceJob.sentiment(p))
          .withForecastEveryMinutes(p.getInt("forecast-every-minutes", 1));
    }

    public Options withModel(Forecaster.Factory m) {
      return new Options(m, sentiment, forecastEveryMinutes, forecasting, scoring, aggregation);
    }

    public Options withSentiment(SentimentModel.Factory s) {
      return new Options(model, s, forecastEveryMinutes, forecasting, scoring, aggregation);
    }

    public Options withForecastEveryMinutes(int minutes) {
      return new Options(model, sentiment, minutes, forecasting, scoring, aggregation);
    }

    public Options withForecasting(Batching b) {
      return new Options(model, sentiment, forecastEveryMinutes, b, scoring, aggregation);
    }

    public Options withScoring(Batching b) {
      return new Options(model, sentiment, forecastEveryMinutes, forecasting, b, aggregation);
    }

    public Options withAggregation(SentimentAggregator.Settings a) {
      return new Options(model, sentiment, forecastEveryMinutes, forecasting, scoring, a);
    }
  }

  /** What the sentiment branch produces, before sinks are attached. */
  public record SentimentOutputs(
      DataStream<SentimentScore> scores,
      DataStream<SentimentAggregate> aggregates,
      DataStream<DeadLetter> deadLetters) {}

  /** What the workflow produces, before sinks are attached. */
  public record Outputs(
      DataStream<Forecast> forecasts,
      DataStream<Forecast> shadowForecasts,
      DataStream<DeadLetter> deadLetters) {}

  private InferenceJob() {}

  /** The job's arguments are read by {@link Options#fromArgs}. */
  public static void main(String[] args) throws Exception {
    Options options = Options.fromArgs(ParameterTool.fromArgs(args));
    Pipelines.run(NAME, args, (env, settings) -> build(env, settings, options));
  }

  static SentimentModel.Factory sentiment(ParameterTool p) throws java.io.IOException {
    String kind = p.get("sentiment", "none");
    double threshold = p.getDouble("sentiment-threshold", Classification.THRESHOLD);
    return switch (kind) {
      case "none" -> null;
      case "minilm" ->
          MiniLmSentiment.factory(
              java.nio.file.Path.of(p.get("registry", "registry")),
              p.get("sentiment-version", null),
              threshold);
      case "torchscript" ->
          new TorchScriptSentiment.Factory(
              p.getRequired("sentiment-model"),
              p.getRequired("sentiment-tokenizer"),
              p.get("sentiment-labels", "negative,neutral,positive"),
              p.get("sentiment-name", "torchscript/1"),
              threshold,
              p.getInt("sentiment-max-tokens", 256));
      default ->
          throw new IllegalArgumentException(
              "--sentiment is minilm, torchscript or none, not " + kind);
    };
  }

  static Forecaster.Factory model(ParameterTool p) throws java.io.IOException {
    String kind = p.get("model", "baseline");
    return switch (kind) {
      case "baseline" -> DriftVolatilityBaseline.factory();
      case "tft" ->
          TftForecaster.factory(
                  java.nio.file.Path.of(p.get("registry", "registry")),
                  p.get("model-version", null))
              .withExplanations(p.getBoolean("explain", false));
      default -> throw new IllegalArgumentException("--model is baseline or tft, not " + kind);
    };
  }

  public static void build(StreamExecutionEnvironment env, JobSettings settings) {
    build(env, settings, Options.defaults());
  }

  /** Both branches, the sentiment one only with a sentiment model; sources and sinks attached. */
  public static void build(StreamExecutionEnvironment env, JobSettings settings, Options options) {
    DataStream<DeadLetter> sentimentDead = null;
    if (options.sentiment() != null) {
      SentimentOutputs s =
          defineSentiment(
              JobIo.source(
                  env,
                  settings,
                  NAME,
                  Topics.SOCIAL_POSTS,
                  InferenceUids.POSTS_SOURCE,
                  POSTS_IDLENESS),
              JobIo.source(env, settings, NAME, Topics.BARS_1M, InferenceUids.MARKET_CLOCK_SOURCE),
              options);
      JobIo.writeTopic(s.scores(), settings, NAME, "sentiment-scores", Topics.SENTIMENT);
      JobIo.write(
          s.aggregates(),
          settings,
          NAME,
          "sentiment-aggregates",
          Topics.SENTIMENT_AGGREGATES,
          new SentimentAggregatesTable());
      sentimentDead = s.deadLetters();
    }
    Outputs out =
        defineWorkflow(
            JobIo.source(env, settings, NAME, Topics.FEATURES, InferenceUids.FEATURES_SOURCE),
            // Announcements are rare: the control topic never holds the watermark back.
            JobIo.source(
                env,
                settings,
                NAME,
                Topics.MODEL_CONTROL,
                InferenceUids.CONTROL_SOURCE,
                java.time.Duration.ofSeconds(1)),
            options);
    JobIo.write(
        out.forecasts(), settings, NAME, "forecasts", Topics.FORECASTS, new ForecastsTable());
    // Always in the graph (nothing passes without --explain), so turning explanations on or off
    // keeps the job's operators, and its savepoints, as they are.
    JobIo.writeTable(
        out.forecasts()
            .filter(f -> f.explanation() != null)
            .uid(InferenceUids.EXPLAINED_ONLY)
            .name("explained forecasts"),
        settings,
        NAME,
        "forecast-explanations",
        new ForecastExplanationsTable());
    JobIo.write(
        out.shadowForecasts(),
        settings,
        NAME,
        "shadow-forecasts",
        Topics.FORECASTS_SHADOW,
        new ForecastsTable("shadow_forecasts"));
    JobIo.writeDeadLetters(
        sentimentDead == null ? out.deadLetters() : out.deadLetters().union(sentimentDead),
        settings,
        NAME);
  }

  /**
   * Feature vectors in (raw); forecasts, shadow forecasts and dead letters out.
   *
   * @param control model announcements ({@link ModelAnnouncement}), or null: the live version is
   *     swapped and a shadow started or stopped when one arrives; without them the configured model
   *     serves throughout
   */
  public static Outputs defineWorkflow(
      DataStream<RawRecord> raw, DataStream<RawRecord> control, Options options) {
    SingleOutputStreamOperator<FeatureVector> features =
        raw.process(new ParseEvents<>(FeatureVector.class, InferenceUids.PARSE_FEATURES))
            .uid(InferenceUids.PARSE_FEATURES)
            .name("parse features")
            .setBufferTimeout(BUFFER_TIMEOUT_MS);
    SingleOutputStreamOperator<FeatureWindow> windows = contextWindows(features, options);
    DataStream<DeadLetter> dead =
        features
            .getSideOutput(ParseEvents.DEAD_LETTERS)
            .union(windows.getSideOutput(ParseEvents.DEAD_LETTERS));
    DataStream<FeatureWindow> stamped = windows;
    if (control != null) {
      SingleOutputStreamOperator<ModelAnnouncement> announcements =
          control
              .process(new ParseEvents<>(ModelAnnouncement.class, InferenceUids.PARSE_CONTROL))
              .uid(InferenceUids.PARSE_CONTROL)
              .name("parse model announcements");
      stamped = announced(windows, announcements, options.model());
      dead = dead.union(announcements.getSideOutput(ParseEvents.DEAD_LETTERS));
    }
    SingleOutputStreamOperator<ForecastPair> pairs = forecast(stamped, options);
    return new Outputs(live(pairs), shadows(pairs), dead);
  }

  /**
   * Each symbol's latest warm vectors, as many as the model reads, in checkpointed keyed state.
   * Features still warming up are not forecastable; they are expected, not errors.
   */
  private static SingleOutputStreamOperator<FeatureWindow> contextWindows(
      DataStream<FeatureVector> features, Options options) {
    return features
        .filter(FeatureVector::warm)
        .uid(InferenceUids.WARM_ONLY)
        .name("warm features only")
        .setBufferTimeout(BUFFER_TIMEOUT_MS)
        .keyBy(FeatureVector::symbol)
        .process(
            new ContextWindow(
                options.model().contextLength(),
                InferenceUids.CONTEXT_WINDOW,
                options.forecastEveryMinutes()))
        .uid(InferenceUids.CONTEXT_WINDOW)
        .name("context window")
        .setBufferTimeout(BUFFER_TIMEOUT_MS);
  }

  /** Windows stamped with the live and shadow versions the announcements have set. */
  private static DataStream<FeatureWindow> announced(
      DataStream<FeatureWindow> windows,
      DataStream<ModelAnnouncement> announcements,
      Forecaster.Factory model) {
    return windows
        .connect(announcements.broadcast(ModelVersions.STATE))
        .process(new ModelVersions(modelName(model)))
        .uid(InferenceUids.MODEL_VERSIONS)
        .name("announced model versions");
  }

  /** The async inference operator: micro-batches of windows through the model. */
  private static SingleOutputStreamOperator<ForecastPair> forecast(
      DataStream<FeatureWindow> windows, Options options) {
    Forecaster.Factory model = options.model();
    Batching b = options.forecasting();
    return AsyncDataStream.orderedWait(
            windows,
            new AsyncForecast(model, WORKERS, b.maxBatch(), b.maxBatchDelayMs()),
            b.timeoutMs(),
            TimeUnit.MILLISECONDS,
            b.capacity())
        .uid(InferenceUids.FORECAST)
        .name("forecast (" + model.modelVersion() + ")")
        .setBufferTimeout(BUFFER_TIMEOUT_MS);
  }

  private static DataStream<Forecast> live(DataStream<ForecastPair> pairs) {
    return pairs
        .map(ForecastPair::live)
        .returns(TypeInformation.of(Forecast.class))
        .uid(InferenceUids.LIVE_FORECASTS)
        .name("live forecasts")
        .setBufferTimeout(BUFFER_TIMEOUT_MS);
  }

  /** Shadow forecasts go to their own topic and table: never to execution. */
  private static DataStream<Forecast> shadows(DataStream<ForecastPair> pairs) {
    return pairs
        .flatMap(
            (ForecastPair p, org.apache.flink.util.Collector<Forecast> out) -> {
              if (p.shadow() != null) {
                out.collect(p.shadow());
              }
            })
        .returns(TypeInformation.of(Forecast.class))
        .uid(InferenceUids.SHADOW_FORECASTS)
        .name("shadow forecasts");
  }

  /**
   * Posts in (raw, timestamped with their creation time); scores per post and symbol, and their
   * per-symbol windows, out. Posts that mention no symbol are not scored (counted in {@code
   * postsWithoutSymbols}; they are in the {@code social_posts} table already).
   *
   * @param marketClock the minute bars (raw), or null: only their event time is used. Posts are
   *     sparse; without a clock a window would close only when a later post arrives, which can be
   *     hours. With it, the posts' watermark follows the market's while no posts come (the posts
   *     source goes idle), so each window closes once the market has passed it.
   */
  public static SentimentOutputs defineSentiment(
      DataStream<RawRecord> rawPosts, DataStream<RawRecord> marketClock, Options options) {
    DataStream<RawRecord> timed =
        marketClock == null
            ? rawPosts
            : rawPosts
                .union(marketClock)
                .filter(r -> !Topics.BARS_1M.equals(r.topic())) // bars keep only their watermarks
                .uid(InferenceUids.MARKET_CLOCK)
                .name("posts on the market clock");
    SingleOutputStreamOperator<SocialPost> posts =
        timed
            .process(new ParseEvents<>(SocialPost.class, InferenceUids.PARSE_POSTS))
            .uid(InferenceUids.PARSE_POSTS)
            .name("parse posts");
    DataStream<SentimentScore> scores =
        score(
            posts
                .filter(new AboutSymbols())
                .uid(InferenceUids.POSTS_WITH_SYMBOLS)
                .name("posts about symbols"),
            options);
    SingleOutputStreamOperator<SentimentAggregate> aggregates =
        scores
            .keyBy(SentimentScore::symbol)
            .process(
                new SentimentAggregator(options.aggregation(), InferenceUids.SENTIMENT_AGGREGATES))
            .uid(InferenceUids.SENTIMENT_AGGREGATES)
            .name("sentiment windows per symbol");
    return new SentimentOutputs(
        scores,
        aggregates,
        posts
            .getSideOutput(ParseEvents.DEAD_LETTERS)
            .union(aggregates.getSideOutput(SentimentAggregator.REFUSED)));
  }

  /** The async inference operator with the sentiment model: one score per post and symbol. */
  private static DataStream<SentimentScore> score(DataStream<SocialPost> posts, Options options) {
    SentimentModel.Factory model = options.sentiment();
    Batching b = options.scoring();
    return AsyncDataStream.orderedWait(
            posts,
            new AsyncSentiment(model, WORKERS, b.maxBatch(), b.maxBatchDelayMs()),
            b.timeoutMs(),
            TimeUnit.MILLISECONDS,
            b.capacity())
        .uid(InferenceUids.SENTIMENT)
        .name("sentiment (" + model.modelVersion() + ")")
        .flatMap(
            (ScoredPost p, org.apache.flink.util.Collector<SentimentScore> out) ->
                p.scores().forEach(out::collect))
        .returns(TypeInformation.of(SentimentScore.class))
        .uid(InferenceUids.SENTIMENT_SCORES)
        .name("score per symbol");
  }

  /** Keeps posts that mention a symbol; counts the others. */
  static final class AboutSymbols
      extends org.apache.flink.api.common.functions.RichFilterFunction<SocialPost> {
    private static final long serialVersionUID = 1L;
    private transient org.apache.flink.metrics.Counter without;

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
      without = getRuntimeContext().getMetricGroup().counter("postsWithoutSymbols");
    }

    @Override
    public boolean filter(SocialPost post) {
      boolean about = post.symbols().length > 0;
      if (!about) {
        without.inc();
      }
      return about;
    }
  }

  /** The registry name announcements address: {@code tft} of {@code tft/v3}. */
  static String modelName(Forecaster.Factory model) {
    String v = model.modelVersion();
    int slash = v.indexOf('/');
    return slash < 0 ? v : v.substring(0, slash);
  }
}
