package io.github.flinktrader.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.serde.ParseEvents;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DedupeBarsTest {

  static final long T0 = 1_704_290_400_000L;

  static MinuteBar bar(String symbol, int minute) {
    BigDecimal p = new BigDecimal("100");
    long start = T0 + minute * 60_000L;
    return new MinuteBar(symbol, start, start + 60_000, p, p, p, p, BigDecimal.ONE, p, 1);
  }

  private KeyedOneInputStreamOperatorTestHarness<String, MinuteBar, MinuteBar> harness()
      throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new DedupeBars("test")), MinuteBar::symbol, Types.STRING);
    h.setStateBackend(new EmbeddedRocksDBStateBackend());
    return h;
  }

  private static List<Integer> minutes(List<MinuteBar> bars) {
    return bars.stream().map(b -> (int) ((b.start() - T0) / 60_000)).toList();
  }

  @Test
  void oneBarPerSymbolAndMinuteOutOfOrderIncludedAcrossARestore() throws Exception {
    var h = harness();
    h.open();
    for (int m : new int[] {0, 1, 3, 1, 2, 3, 70, 2, 69, 0}) {
      h.processElement(bar("AAPL", m), 0);
    }
    h.processElement(bar("MSFT", 1), 0);
    assertThat(minutes(h.extractOutputValues())).containsExactly(0, 1, 3, 2, 70, 69, 1);
    assertThat(h.getSideOutput(ParseEvents.DEAD_LETTERS))
        .extracting(r -> r.getValue().reason())
        .containsExactly("duplicate-bar", "duplicate-bar", "duplicate-bar", "duplicate-bar");
    OperatorSubtaskState snapshot = h.snapshot(1, 1);
    h.close();

    var restored = harness();
    restored.initializeState(snapshot);
    restored.open();
    restored.processElement(bar("AAPL", 3), 0); // seen before the snapshot
    restored.processElement(bar("AAPL", 4), 0);
    restored.processElement(bar("AAPL", 200), 0); // jumps past the bitmap
    restored.processElement(bar("AAPL", 70), 0); // 130 minutes behind: cannot be checked
    restored.processElement(bar("AAPL", 199), 0);
    assertThat(minutes(restored.extractOutputValues())).containsExactly(4, 200, 199);
    assertThat(restored.getSideOutput(ParseEvents.DEAD_LETTERS))
        .extracting(r -> r.getValue().reason())
        .containsExactly("duplicate-bar", "stale-bar");
    restored.close();
  }

  @Test
  void shiftMovesBitsAcrossTheWordBoundary() {
    long[] s = {0, 1L | (1L << 63), 0};
    DedupeBars.shift(s, 1);
    assertThat(s[1]).isEqualTo(2L);
    assertThat(s[2]).isEqualTo(1L);
    DedupeBars.shift(s, 64);
    assertThat(s[1]).isZero();
    assertThat(s[2]).isEqualTo(2L);
    DedupeBars.shift(s, 128);
    assertThat(s[1]).isZero();
    assertThat(s[2]).isZero();
  }
}
