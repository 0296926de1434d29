package io.github.flinktrader.features.job;

import io.github.flinktrader.db.FeaturesTable;
import io.github.flinktrader.features.FeatureSpec;
import io.github.flinktrader.flink.JobIo;
import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.serde.ParseEvents;
import io.github.flinktrader.serde.RawRecord;
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
    Pipelines.run(NAME, args, FeaturesJob::build);
  }

  public static void build(StreamExecutionEnvironment env, JobSettings settings) {
    Outputs out =
        defineWorkflow(JobIo.source(env, settings, NAME, Topics.BARS_1M, FeaturesUids.BARS_SOURCE));
    JobIo.write(
        out.features(),
        settings,
        NAME,
        "features",
        Topics.FEATURES,
        new FeaturesTable(FeatureSpec.NAMES));
    JobIo.writeDeadLetters(out.deadLetters(), settings, NAME);
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
