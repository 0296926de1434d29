package io.github.flinktrader.flink;

import io.github.flinktrader.serde.RawRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Bounded out-of-orderness watermarks that only admitted records move: a record the source's
 * admission refused (unreadable, invalid, stamped beyond the clock skew) is dead-lettered
 * downstream and never advances event time, so it cannot make the good records behind it late. Per
 * Kafka partition, as every source watermark.
 */
final class AdmittedWatermarks implements WatermarkGenerator<RawRecord> {

  private final long outOfOrdernessMillis;
  private long maxTimestamp;

  AdmittedWatermarks(Duration outOfOrderness) {
    this.outOfOrdernessMillis = outOfOrderness.toMillis();
    this.maxTimestamp = Long.MIN_VALUE + outOfOrdernessMillis + 1;
  }

  /** The strategy: element timestamps are the admitted event times, refused records keep theirs. */
  static WatermarkStrategy<RawRecord> strategy(Duration outOfOrderness, Duration idleness) {
    return WatermarkStrategy.<RawRecord>forGenerator(ctx -> new AdmittedWatermarks(outOfOrderness))
        .withTimestampAssigner((r, kafkaTimestamp) -> r.admitted() ? r.eventTime() : kafkaTimestamp)
        .withIdleness(idleness);
  }

  @Override
  public void onEvent(RawRecord record, long timestamp, WatermarkOutput output) {
    if (record.admitted()) {
      maxTimestamp = Math.max(maxTimestamp, record.eventTime());
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    output.emitWatermark(new Watermark(maxTimestamp - outOfOrdernessMillis - 1));
  }
}
