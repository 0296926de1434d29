package io.github.flinktrader.testing;

import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.serde.RawRecord;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The one bounded test environment of the workflow tests: the production configuration ({@link
 * Pipelines#configuration}: RocksDB, object reuse, no generic types, no generated uids, exactly-
 * once checkpoints; no restarts, so a failing test fails at once) on a local cluster at parallelism
 * 1, and bounded sources of raw records that move the watermark record by record, as a Kafka source
 * with 5 s out-of-orderness would.
 */
public final class BoundedJobs {

  private BoundedJobs() {}

  /**
   * A local environment configured as the jobs are in production ({@link Pipelines#boundedLocal}).
   */
  public static StreamExecutionEnvironment environment(String jobName) {
    return Pipelines.boundedLocal(jobName);
  }

  /**
   * The records of one topic, in order, stamped with their Kafka timestamps, the watermark 5 s
   * behind the newest after each record.
   */
  public static DataStream<RawRecord> source(
      StreamExecutionEnvironment env, List<RawRecord> records, String uid) {
    return env.fromData(records, TypeInformation.of(RawRecord.class))
        .uid(uid)
        .assignTimestampsAndWatermarks(
            WatermarkStrategy.<RawRecord>forGenerator(c -> new PerRecord())
                .withTimestampAssigner((r, ts) -> r.timestamp()))
        .uid(uid + "-watermarks");
  }

  /** Watermarks 5 s behind the newest timestamp, after every record. */
  static final class PerRecord implements WatermarkGenerator<RawRecord> {
    private long max = Long.MIN_VALUE + 10_000;

    @Override
    public void onEvent(RawRecord r, long ts, WatermarkOutput out) {
      max = Math.max(max, ts);
      out.emitWatermark(new Watermark(max - 5_001));
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput out) {}
  }
}
