package io.github.flinktrader.inference;

import io.github.flinktrader.db.DeadLettersTable;
import io.github.flinktrader.db.ForecastsTable;
import io.github.flinktrader.db.JdbcSinks;
import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.KafkaIo;
import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.serde.ParseEvents;
import io.github.flinktrader.serde.RawRecord;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

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

  /** What the workflow produces, before sinks are attached. */
  public record Outputs(DataStream<Forecast> forecasts, DataStream<DeadLetter> deadLetters) {}

  private InferenceJob() {}

  public static void main(String[] args) throws Exception {
    JobSettings settings = JobSettings.fromArgs(args);
    StreamExecutionEnvironment env = Pipelines.environment(settings, NAME);
    build(env, settings);
    env.execute(NAME);
  }

  public static void build(StreamExecutionEnvironment env, JobSettings settings) {
    DataStream<RawRecord> raw =
        env.fromSource(
                KafkaIo.source(settings, Topics.FEATURES, NAME),
                WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(Duration.ofSeconds(5))
                    .withIdleness(Duration.ofSeconds(30)),
                "features from Kafka")
            .uid(InferenceUids.FEATURES_SOURCE);
    Outputs out = defineWorkflow(raw, DriftVolatilityBaseline.factory());
    out.forecasts()
        .sinkTo(KafkaIo.<Forecast>sink(settings, Topics.FORECASTS, NAME, "forecasts"))
        .uid(InferenceUids.FORECASTS_KAFKA)
        .name("forecasts to Kafka");
    out.forecasts()
        .sinkTo(JdbcSinks.upsert(settings.db(), new ForecastsTable()))
        .uid(InferenceUids.FORECASTS_DB)
        .name("forecasts to database");
    out.deadLetters()
        .sinkTo(KafkaIo.<DeadLetter>sink(settings, Topics.DEAD_LETTERS, NAME, "dlq"))
        .uid(InferenceUids.DLQ_KAFKA)
        .name("dead letters to Kafka");
    out.deadLetters()
        .sinkTo(JdbcSinks.upsert(settings.db(), new DeadLettersTable()))
        .uid(InferenceUids.DLQ_DB)
        .name("dead letters to database");
  }

  public static Outputs defineWorkflow(DataStream<RawRecord> raw, Forecaster.Factory model) {
    return defineWorkflow(raw, model, TIMEOUT_MS);
  }

  /** As above, with the time a forecast may take before its fallback is emitted instead. */
  public static Outputs defineWorkflow(
      DataStream<RawRecord> raw, Forecaster.Factory model, long timeoutMs) {
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
    DataStream<Forecast> forecasts =
        AsyncDataStream.orderedWait(
                warm, new AsyncForecast(model, WORKERS), timeoutMs, TimeUnit.MILLISECONDS, CAPACITY)
            .uid(InferenceUids.FORECAST)
            .name("forecast (" + model.modelVersion() + ")");
    return new Outputs(forecasts, features.getSideOutput(ParseEvents.DEAD_LETTERS));
  }
}
