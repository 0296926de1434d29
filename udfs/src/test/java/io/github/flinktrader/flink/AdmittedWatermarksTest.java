package io.github.flinktrader.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.serde.RawRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class AdmittedWatermarksTest {

  @Test
  void onlyAdmittedRecordsMoveTheWatermark() {
    List<Long> emitted = new ArrayList<>();
    WatermarkOutput out = collecting(emitted);
    var w = AdmittedWatermarks.forRawRecords(Duration.ofSeconds(5));
    long t = 1_385_337_600_000L;
    w.onEvent(new RawRecord("x", 0, 0, t, new byte[0], t), t, out);
    // Refused, stamped 50 minutes ahead: must not move event time.
    long ahead = t + 50 * 60_000L;
    w.onEvent(new RawRecord("x", 0, 1, ahead, new byte[0], RawRecord.REFUSED), ahead, out);
    w.onPeriodicEmit(out);
    w.onEvent(new RawRecord("x", 0, 2, t - 9_000, new byte[0], t + 2_000), t - 9_000, out);
    w.onPeriodicEmit(out);
    assertThat(emitted).containsExactly(t - 5_001, t - 3_001);
  }

  @Test
  void recordsStampedBeyondTheClockSkewDoNotMoveTheWatermark() {
    List<Long> emitted = new ArrayList<>();
    WatermarkOutput out = collecting(emitted);
    var strategy =
        AdmittedWatermarks.<Long>boundedByClock(
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(1), (t, ts) -> t);
    var w = AdmittedWatermarks.<Long>clockBounded(Duration.ofSeconds(5), Duration.ofMinutes(1));
    var time = strategy.createTimestampAssigner(null);
    long now = System.currentTimeMillis();
    long ahead = now + 50 * 60_000L;
    w.onEvent(now, time.extractTimestamp(now, -1), out);
    w.onEvent(ahead, time.extractTimestamp(ahead, -1), out);
    w.onPeriodicEmit(out);
    w.onEvent(now + 30_000, time.extractTimestamp(now + 30_000, -1), out); // within the skew
    w.onPeriodicEmit(out);
    assertThat(time.extractTimestamp(ahead, -1)).isEqualTo(ahead);
    assertThat(emitted).containsExactly(now - 5_001, now + 30_000 - 5_001);
  }

  private static WatermarkOutput collecting(List<Long> emitted) {
    return new WatermarkOutput() {
      @Override
      public void emitWatermark(Watermark w) {
        emitted.add(w.getTimestamp());
      }

      @Override
      public void markIdle() {}

      @Override
      public void markActive() {}
    };
  }
}
