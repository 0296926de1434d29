package io.github.flinktrader.flink;

import io.github.flinktrader.serde.RawRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Bounded out-of-orderness watermarks that only admitted records move: a record refused by
 * admission (unreadable, invalid, stamped beyond the clock skew) is dead-lettered downstream and
 * never advances event time, so it cannot make the good records behind it late. For Kafka sources
 * ({@link #strategy}) admission is the source's own; for records made inside a job, such as a
 * connector's trades ({@link #boundedByClock}), a time beyond the clock skew is not admitted.
 */
public final class AdmittedWatermarks<T> implements WatermarkGenerator<T> {

  /** The admitted event time of a record, or {@link Long#MIN_VALUE} when it is not admitted. */
  interface AdmittedTime<T> {
    long of(T record, long timestamp);
  }

  private final long outOfOrdernessMillis;
  private final AdmittedTime<T> admittedTime;
  private long maxTimestamp;

  AdmittedWatermarks(Duration outOfOrderness, AdmittedTime<T> admittedTime) {
    this.outOfOrdernessMillis = outOfOrderness.toMillis();
    this.admittedTime = admittedTime;
    this.maxTimestamp = Long.MIN_VALUE + outOfOrdernessMillis + 1;
  }

  /** The Kafka sources' strategy: timestamps are the admitted event times, refused keep theirs. */
  static WatermarkStrategy<RawRecord> strategy(Duration outOfOrderness, Duration idleness) {
    return WatermarkStrategy.<RawRecord>forGenerator(ctx -> forRawRecords(outOfOrderness))
        .withTimestampAssigner((r, kafkaTimestamp) -> r.admitted() ? r.eventTime() : kafkaTimestamp)
        .withIdleness(idleness);
  }

  /**
   * For records stamped inside a job: timestamps from {@code time}, and only those at most {@code
   * maxClockSkew} ahead of the task manager's clock move the watermark (what lies beyond is refused
   * downstream as {@code future-timestamp}).
   */
  public static <T> WatermarkStrategy<T> boundedByClock(
      Duration outOfOrderness,
      Duration idleness,
      Duration maxClockSkew,
      SerializableTimestampAssigner<T> time) {
    return WatermarkStrategy.<T>forGenerator(ctx -> clockBounded(outOfOrderness, maxClockSkew))
        .withTimestampAssigner(time)
        .withIdleness(idleness);
  }

  /** The generator of the Kafka sources: only admitted records count. */
  static AdmittedWatermarks<RawRecord> forRawRecords(Duration outOfOrderness) {
    return new AdmittedWatermarks<>(
        outOfOrderness, (r, ts) -> r.admitted() ? r.eventTime() : Long.MIN_VALUE);
  }

  /** A generator that only counts timestamps at most {@code maxClockSkew} ahead of the clock. */
  static <T> AdmittedWatermarks<T> clockBounded(Duration outOfOrderness, Duration maxClockSkew) {
    long skew = maxClockSkew.toMillis();
    return new AdmittedWatermarks<>(
        outOfOrderness, (r, ts) -> ts <= System.currentTimeMillis() + skew ? ts : Long.MIN_VALUE);
  }

  @Override
  public void onEvent(T record, long timestamp, WatermarkOutput output) {
    maxTimestamp = Math.max(maxTimestamp, admittedTime.of(record, timestamp));
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    output.emitWatermark(new Watermark(maxTimestamp - outOfOrdernessMillis - 1));
  }
}
