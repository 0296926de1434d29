package io.github.flinktrader.features.job;

import io.github.flinktrader.db.DeadLettersTable;
import io.github.flinktrader.db.FeaturesTable;
import io.github.flinktrader.db.JdbcSinks;
import io.github.flinktrader.features.FeatureSpec;
import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.KafkaIo;
import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.serde.ParseEvents;
import io.github.flinktrader.serde.RawRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Features: turns each symbol's minute bars into the feature vectors the models read (spec {@link
 * FeatureSpec#VERSION}), incrementally and with bounded state per symbol.
 */
public final class FeaturesJob {

  public static final String NAME = "features";

  /** What the workflow produces, before sinks are attached. */
  public record Outputs(DataStream<FeatureVector> features, DataStream<DeadLetter> deadLetters) {}

  private FeaturesJob() {}

  public static void main(String[] args) throws Exception {
    JobSettings settings = JobSettings.fromArgs(args);
    StreamExecutionEnvironment env = Pipelines.environment(settings, NAME);
    build(env, settings);
    env.execute(NAME);
  }

  public static void build(StreamExecutionEnvironment env, JobSettings settings) {
    DataStream<RawRecord> raw =
        env.fromSource(
                KafkaIo.source(settings, Topics.BARS_1M, NAME),
                WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(Duration.ofSeconds(5))
                    .withIdleness(Duration.ofSeconds(30)),
                "bars from Kafka")
            .uid(FeaturesUids.BARS_SOURCE);
    Outputs out = defineWorkflow(raw);
    out.features()
        .sinkTo(KafkaIo.<FeatureVector>sink(settings, Topics.FEATURES, NAME, "features"))
        .uid(FeaturesUids.FEATURES_KAFKA)
        .name("features to Kafka");
    out.features()
        .sinkTo(JdbcSinks.upsert(settings.db(), new FeaturesTable(FeatureSpec.NAMES)))
        .uid(FeaturesUids.FEATURES_DB)
        .name("features to database");
    out.deadLetters()
        .sinkTo(KafkaIo.<DeadLetter>sink(settings, Topics.DEAD_LETTERS, NAME, "dlq"))
        .uid(FeaturesUids.DLQ_KAFKA)
        .name("dead letters to Kafka");
    out.deadLetters()
        .sinkTo(JdbcSinks.upsert(settings.db(), new DeadLettersTable()))
        .uid(FeaturesUids.DLQ_DB)
        .name("dead letters to database");
  }

  public static Outputs defineWorkflow(DataStream<RawRecord> raw) {
    SingleOutputStreamOperator<MinuteBar> bars =
        raw.process(new ParseEvents<>(MinuteBar.class, FeaturesUids.PARSE_BARS))
            .uid(FeaturesUids.PARSE_BARS)
            .name("parse bars");
    SingleOutputStreamOperator<FeatureVector> features =
        bars.keyBy(MinuteBar::symbol)
            .process(new RollingFeatures())
            .uid(FeaturesUids.ROLLING_FEATURES)
            .name("rolling features");
    DataStream<DeadLetter> dead =
        bars.getSideOutput(ParseEvents.DEAD_LETTERS)
            .union(features.getSideOutput(RollingFeatures.STALE));
    return new Outputs(features, dead);
  }
}
