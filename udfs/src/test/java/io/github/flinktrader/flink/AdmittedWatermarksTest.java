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
    WatermarkOutput out =
        new WatermarkOutput() {
          @Override
          public void emitWatermark(Watermark w) {
            emitted.add(w.getTimestamp());
          }

          @Override
          public void markIdle() {}

          @Override
          public void markActive() {}
        };
    AdmittedWatermarks w = new AdmittedWatermarks(Duration.ofSeconds(5));
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
}
