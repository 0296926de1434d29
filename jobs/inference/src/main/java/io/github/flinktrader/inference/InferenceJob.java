package io.github.flinktrader.inference;

import io.github.flinktrader.db.ForecastsTable;
import io.github.flinktrader.flink.JobIo;
import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.inference.tft.TftForecaster;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.records.ModelAnnouncement;
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
 * Inference: forecasts each symbol's price at several horizons, as quantiles, whenever a bar's
 * features are complete, through an async operator so a slow model never stalls the pipeline.
 * Today's model is the named baseline {@link DriftVolatilityBaseline}.
 */
public final class InferenceJob {

  public static final String NAME = "inference";

  static final long TIMEOUT_MS = 5_000;
  static final int CAPACITY = 256;
  static final int WORKERS = 2;

  /** Requests per model call at most, and how long the first of a batch waits for more. */
  static final int MAX_BATCH = 32;

  static final long MAX_BATCH_DELAY_MS = 5;

  /** What the workflow produces, before sinks are attached. */
  public record Outputs(
      DataStream<Forecast> forecasts,
      DataStream<Forecast> shadowForecasts,
      DataStream<DeadLetter> deadLetters) {}

  private InferenceJob() {}

  /**
   * {@code --model baseline} (default) or {@code --model tft} with {@code --registry DIR} (default
   * {@code registry}) and optionally {@code --model-version vN} (default: the latest approved).
   */
  public static void main(String[] args) throws Exception {
    Forecaster.Factory model = model(ParameterTool.fromArgs(args));
    Pipelines.run(NAME, args, (env, settings) -> build(env, settings, model));
  }

  static Forecaster.Factory model(ParameterTool p) throws java.io.IOException {
    String kind = p.get("model", "baseline");
    return switch (kind) {
      case "baseline" -> DriftVolatilityBaseline.factory();
      case "tft" ->
          TftForecaster.factory(
              java.nio.file.Path.of(p.get("registry", "registry")), p.get("model-version", null));
      default -> throw new IllegalArgumentException("--model is baseline or tft, not " + kind);
    };
  }

  public static void build(StreamExecutionEnvironment env, JobSettings settings) {
    build(env, settings, DriftVolatilityBaseline.factory());
  }

  public static void build(
      StreamExecutionEnvironment env, JobSettings settings, Forecaster.Factory model) {
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
            model,
            TIMEOUT_MS,
            MAX_BATCH,
            MAX_BATCH_DELAY_MS,
            CAPACITY);
    JobIo.write(
        out.forecasts(), settings, NAME, "forecasts", Topics.FORECASTS, new ForecastsTable());
    JobIo.write(
        out.shadowForecasts(),
        settings,
        NAME,
        "shadow-forecasts",
        Topics.FORECASTS_SHADOW,
        new ForecastsTable("shadow_forecasts"));
    JobIo.writeDeadLetters(out.deadLetters(), settings, NAME);
  }

  public static Outputs defineWorkflow(DataStream<RawRecord> raw, Forecaster.Factory model) {
    return defineWorkflow(raw, model, TIMEOUT_MS);
  }

  /** As above, with the time a forecast may take before its fallback is emitted instead. */
  public static Outputs defineWorkflow(
      DataStream<RawRecord> raw, Forecaster.Factory model, long timeoutMs) {
    return defineWorkflow(raw, null, model, timeoutMs, MAX_BATCH, MAX_BATCH_DELAY_MS, CAPACITY);
  }

  /** Without a control topic: the configured model serves throughout. */
  public static Outputs defineWorkflow(
      DataStream<RawRecord> raw,
      Forecaster.Factory model,
      long timeoutMs,
      int maxBatch,
      long maxBatchDelayMs,
      int capacity) {
    return defineWorkflow(raw, null, model, timeoutMs, maxBatch, maxBatchDelayMs, capacity);
  }

  /**
   * @param maxBatch requests per model call at most
   * @param maxBatchDelayMs how long the oldest request of a batch waits for more
   * @param capacity requests in flight at most; beyond it the operator backpressures
   * @param control model announcements ({@link ModelAnnouncement}), or null: the live version is
   *     swapped and a shadow started or stopped when one arrives
   */
  public static Outputs defineWorkflow(
      DataStream<RawRecord> raw,
      DataStream<RawRecord> control,
      Forecaster.Factory model,
      long timeoutMs,
      int maxBatch,
      long maxBatchDelayMs,
      int capacity) {
    SingleOutputStreamOperator<FeatureVector> features =
        raw.process(new ParseEvents<>(FeatureVector.class, InferenceUids.PARSE_FEATURES))
            .uid(InferenceUids.PARSE_FEATURES)
            .name("parse features");
    // Features still warming up are not forecastable; they are expected, not errors.
    DataStream<FeatureVector> warm =
        features
            .filter(FeatureVector::warm)
            .uid(InferenceUids.WARM_ONLY)
            .name("warm features only");
    // Each symbol's latest vectors, as many as the model reads, in checkpointed keyed state.
    SingleOutputStreamOperator<FeatureWindow> windows =
        warm.keyBy(FeatureVector::symbol)
            .process(new ContextWindow(model.contextLength(), InferenceUids.CONTEXT_WINDOW))
            .uid(InferenceUids.CONTEXT_WINDOW)
            .name("context window");
    DataStream<FeatureWindow> stamped = windows;
    DataStream<DeadLetter> controlDead = null;
    if (control != null) {
      SingleOutputStreamOperator<ModelAnnouncement> announcements =
          control
              .process(new ParseEvents<>(ModelAnnouncement.class, InferenceUids.PARSE_CONTROL))
              .uid(InferenceUids.PARSE_CONTROL)
              .name("parse model announcements");
      controlDead = announcements.getSideOutput(ParseEvents.DEAD_LETTERS);
      stamped =
          windows
              .connect(announcements.broadcast(ModelVersions.STATE))
              .process(new ModelVersions(modelName(model)))
              .uid(InferenceUids.MODEL_VERSIONS)
              .name("announced model versions");
    }
    SingleOutputStreamOperator<ForecastPair> pairs =
        AsyncDataStream.orderedWait(
                stamped,
                new AsyncForecast(model, WORKERS, maxBatch, maxBatchDelayMs),
                timeoutMs,
                TimeUnit.MILLISECONDS,
                capacity)
            .uid(InferenceUids.FORECAST)
            .name("forecast (" + model.modelVersion() + ")");
    DataStream<Forecast> forecasts =
        pairs
            .map(ForecastPair::live)
            .returns(TypeInformation.of(Forecast.class))
            .uid(InferenceUids.LIVE_FORECASTS)
            .name("live forecasts");
    // Shadow forecasts go to their own topic and table: never to execution.
    DataStream<Forecast> shadows =
        pairs
            .flatMap(
                (ForecastPair p, org.apache.flink.util.Collector<Forecast> out) -> {
                  if (p.shadow() != null) {
                    out.collect(p.shadow());
                  }
                })
            .returns(TypeInformation.of(Forecast.class))
            .uid(InferenceUids.SHADOW_FORECASTS)
            .name("shadow forecasts");
    DataStream<DeadLetter> dead =
        features
            .getSideOutput(ParseEvents.DEAD_LETTERS)
            .union(windows.getSideOutput(ParseEvents.DEAD_LETTERS));
    return new Outputs(forecasts, shadows, controlDead == null ? dead : dead.union(controlDead));
  }

  /** The registry name announcements address: {@code tft} of {@code tft/v3}. */
  static String modelName(Forecaster.Factory model) {
    String v = model.modelVersion();
    int slash = v.indexOf('/');
    return slash < 0 ? v : v.substring(0, slash);
  }
}
