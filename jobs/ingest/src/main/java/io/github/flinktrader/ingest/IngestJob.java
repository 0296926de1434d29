package io.github.flinktrader.ingest;

import io.github.flinktrader.db.BarsTable;
import io.github.flinktrader.db.DeadLettersTable;
import io.github.flinktrader.db.JdbcSinks;
import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.KafkaIo;
import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Trade;
import io.github.flinktrader.serde.ParseEvents;
import io.github.flinktrader.serde.RawRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
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

  /** How far trades may arrive out of order before their minute closes. */
  static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);

  static final Duration IDLENESS = Duration.ofSeconds(30);

  private static final OutputTag<Trade> LATE = new OutputTag<>("late-trades") {};

  /** What the workflow produces, before sinks are attached. */
  public record Outputs(DataStream<MinuteBar> bars, DataStream<DeadLetter> deadLetters) {}

  private IngestJob() {}

  public static void main(String[] args) throws Exception {
    JobSettings settings = JobSettings.fromArgs(args);
    StreamExecutionEnvironment env = Pipelines.environment(settings, NAME);
    build(env, settings);
    env.execute(NAME);
  }

  /** The whole job on {@code env}: Kafka in, bars to Kafka and the database. */
  public static void build(StreamExecutionEnvironment env, JobSettings settings) {
    DataStream<RawRecord> raw =
        env.fromSource(
                KafkaIo.source(settings, Topics.TRADES, NAME),
                WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(OUT_OF_ORDERNESS)
                    .withIdleness(IDLENESS),
                "trades from Kafka")
            .uid(IngestUids.TRADES_SOURCE);
    Outputs out = defineWorkflow(raw);
    out.bars()
        .sinkTo(KafkaIo.<MinuteBar>sink(settings, Topics.BARS_1M, NAME, "bars"))
        .uid(IngestUids.BARS_KAFKA)
        .name("bars to Kafka");
    out.bars()
        .sinkTo(JdbcSinks.upsert(settings.db(), new BarsTable()))
        .uid(IngestUids.BARS_DB)
        .name("bars to database");
    out.deadLetters()
        .sinkTo(KafkaIo.<DeadLetter>sink(settings, Topics.DEAD_LETTERS, NAME, "dlq"))
        .uid(IngestUids.DLQ_KAFKA)
        .name("dead letters to Kafka");
    out.deadLetters()
        .sinkTo(JdbcSinks.upsert(settings.db(), new DeadLettersTable()))
        .uid(IngestUids.DLQ_DB)
        .name("dead letters to database");
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
            .map(new LateTradeToDeadLetter())
            .uid(IngestUids.LATE_TRADES)
            .name("late trades to dead letters");
    DataStream<DeadLetter> dead = trades.getSideOutput(ParseEvents.DEAD_LETTERS).union(late);
    return new Outputs(bars, dead);
  }
}
