package io.github.flinktrader.features.job;

import io.github.flinktrader.db.AggregateBarsTable;
import io.github.flinktrader.db.FeaturesTable;
import io.github.flinktrader.features.FeatureSpec;
import io.github.flinktrader.flink.JobIo;
import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.AggregateBar;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.SentimentAggregate;
import io.github.flinktrader.serde.ParseEvents;
import io.github.flinktrader.serde.RawRecord;
import java.time.Duration;
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
  public record Outputs(
      DataStream<FeatureVector> features,
      DataStream<AggregateBar> aggregateBars,
      DataStream<DeadLetter> deadLetters) {}

  /**
   * Sentiment windows are sparse: without one for this long, sentiment stops holding the watermark
   * back. Long enough that a replay at full speed (a window every second or two) keeps bars in step
   * with the sentiment that precedes them; short enough that a quiet symbol delays nothing for long
   * live, where the windows follow the market clock closely anyway.
   */
  static final Duration SENTIMENT_IDLENESS = Duration.ofSeconds(15);

  private FeaturesJob() {}

  public static void main(String[] args) throws Exception {
    Pipelines.run(NAME, args, FeaturesJob::build);
  }

  public static void build(StreamExecutionEnvironment env, JobSettings settings) {
    Outputs out =
        defineWorkflow(
            JobIo.source(env, settings, NAME, Topics.BARS_1M, FeaturesUids.BARS_SOURCE),
            JobIo.source(
                env,
                settings,
                NAME,
                Topics.SENTIMENT_AGGREGATES,
                FeaturesUids.SENTIMENT_AGGREGATES_SOURCE,
                SENTIMENT_IDLENESS));
    JobIo.write(
        out.features(),
        settings,
        NAME,
        "features",
        Topics.FEATURES,
        new FeaturesTable(FeatureSpec.NAMES));
    JobIo.write(
        out.aggregateBars(),
        settings,
        NAME,
        "aggregate-bars",
        Topics.BARS_AGG,
        new AggregateBarsTable());
    JobIo.writeDeadLetters(out.deadLetters(), settings, NAME);
  }

  /** Minute bars and one-minute sentiment windows (raw, timestamped with their event time) in. */
  public static Outputs defineWorkflow(
      DataStream<RawRecord> raw, DataStream<RawRecord> rawSentiment) {
    SingleOutputStreamOperator<MinuteBar> bars =
        raw.process(new ParseEvents<>(MinuteBar.class, FeaturesUids.PARSE_BARS))
            .uid(FeaturesUids.PARSE_BARS)
            .name("parse bars");
    SingleOutputStreamOperator<SentimentAggregate> sentiment =
        rawSentiment
            .process(new ParseEvents<>(SentimentAggregate.class, FeaturesUids.PARSE_SENTIMENT))
            .uid(FeaturesUids.PARSE_SENTIMENT)
            .name("parse sentiment");
    SingleOutputStreamOperator<FeatureVector> features =
        bars.keyBy(MinuteBar::symbol)
            .connect(sentiment.keyBy(SentimentAggregate::symbol))
            .process(new RollingFeatures())
            .uid(FeaturesUids.ROLLING_FEATURES)
            .name("rolling features with sentiment, longer bars");
    DataStream<DeadLetter> dead =
        bars.getSideOutput(ParseEvents.DEAD_LETTERS)
            .union(
                sentiment.getSideOutput(ParseEvents.DEAD_LETTERS),
                features.getSideOutput(RollingFeatures.REFUSED));
    return new Outputs(features, features.getSideOutput(RollingFeatures.LONGER_BARS), dead);
  }
}
