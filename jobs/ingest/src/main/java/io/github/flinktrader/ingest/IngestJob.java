package io.github.flinktrader.ingest;

import io.github.flinktrader.db.BarsTable;
import io.github.flinktrader.flink.JobIo;
import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.LateToDeadLetter;
import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Trade;
import io.github.flinktrader.serde.ParseEvents;
import io.github.flinktrader.serde.RawRecord;
import java.time.Duration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * Ingest: turns the raw trade stream into one-minute OHLCV bars per symbol, in event time, so every
 * downstream decision works from the same, exactly reproducible bars. Malformed and late trades go
 * to the dead-letter topic and table with their reason.
 */
public final class IngestJob {

  public static final String NAME = "ingest";

  private static final OutputTag<Trade> LATE = new OutputTag<>("late-trades") {};

  /** What the workflow produces, before sinks are attached. */
  public record Outputs(DataStream<MinuteBar> bars, DataStream<DeadLetter> deadLetters) {}

  private IngestJob() {}

  public static void main(String[] args) throws Exception {
    Pipelines.run(NAME, args, IngestJob::build);
  }

  /** The whole job on {@code env}: Kafka in, bars to Kafka and the database. */
  public static void build(StreamExecutionEnvironment env, JobSettings settings) {
    Outputs out =
        defineWorkflow(JobIo.source(env, settings, NAME, Topics.TRADES, IngestUids.TRADES_SOURCE));
    JobIo.write(out.bars(), settings, NAME, "bars", Topics.BARS_1M, new BarsTable());
    JobIo.writeDeadLetters(out.deadLetters(), settings, NAME);
  }

  /** Raw trade records (timestamped with their event time) in, minute bars and dead letters out. */
  public static Outputs defineWorkflow(DataStream<RawRecord> raw) {
    SingleOutputStreamOperator<Trade> trades =
        raw.process(new ParseEvents<>(Trade.class, IngestUids.PARSE_TRADES))
            .uid(IngestUids.PARSE_TRADES)
            .name("parse trades");
    SingleOutputStreamOperator<MinuteBar> bars =
        trades
            .keyBy(Trade::symbol)
            .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
            .sideOutputLateData(LATE)
            .aggregate(new MinuteBarAggregate(), new EmitMinuteBar())
            .uid(IngestUids.MINUTE_BARS)
            .name("one-minute bars");
    DataStream<DeadLetter> late =
        bars.getSideOutput(LATE)
            .map(new LateToDeadLetter<Trade>(IngestUids.MINUTE_BARS, "late-trade"))
            .uid(IngestUids.LATE_TRADES)
            .name("late trades to dead letters");
    DataStream<DeadLetter> dead = trades.getSideOutput(ParseEvents.DEAD_LETTERS).union(late);
    return new Outputs(bars, dead);
  }
}
