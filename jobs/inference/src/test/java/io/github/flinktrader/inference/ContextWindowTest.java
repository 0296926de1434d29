package io.github.flinktrader.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.serde.ParseEvents;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class ContextWindowTest {

  static FeatureVector v(String symbol, int minute, double value) {
    return new FeatureVector(
        symbol,
        60_000L * (minute + 1),
        "core/2",
        new BigDecimal("100"),
        new double[] {value, -value},
        true);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, FeatureVector, FeatureWindow>
      harness() throws Exception {
    return harness(1);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, FeatureVector, FeatureWindow>
      harness(int everyMinutes) throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new ContextWindow(3, "test", everyMinutes)),
            FeatureVector::symbol,
            Types.STRING);
    h.setStateBackend(new EmbeddedRocksDBStateBackend());
    return h;
  }

  @Test
  void keepsTheLastVectorsPerSymbolAcrossARestoreAndRefusesStaleOnes() throws Exception {
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(FeatureWindow.class);
    var h = harness();
    h.open();
    h.processElement(v("A", 0, 1), 0);
    h.processElement(v("A", 1, 2), 0);
    h.processElement(v("B", 0, 9), 0);
    OperatorSubtaskState snapshot = h.snapshot(1, 1);
    h.close();

    var restored = harness();
    restored.initializeState(snapshot);
    restored.open();
    restored.processElement(v("A", 2, 3), 0);
    restored.processElement(v("A", 3, 4), 0);
    restored.processElement(v("A", 3, 5), 0); // a replay of minute 3
    var out = restored.extractOutputValues();
    assertThat(out).hasSize(2);
    FeatureWindow three = out.get(0);
    assertThat(three.steps()).isEqualTo(3);
    assertThat(three.values()).containsExactly(1, -1, 2, -2, 3, -3);
    FeatureWindow capped = out.get(1);
    assertThat(capped.barEnds()).containsExactly(120_000L, 180_000L, 240_000L);
    assertThat(capped.values()).containsExactly(2, -2, 3, -3, 4, -4);
    assertThat(capped.latest().values()).containsExactly(4, -4);
    assertThat(restored.getSideOutput(ParseEvents.DEAD_LETTERS))
        .singleElement()
        .satisfies(r -> assertThat(r.getValue().reason()).isEqualTo("stale-features"));
    restored.close();
  }

  @Test
  void aCadenceOfFiveMinutesForecastsAtTheFirstBarOfEachPeriodAcrossARestore() throws Exception {
    var h = harness(5);
    h.open();
    // Bars ending at minutes 1..6: the bar ending at minute 1 is the first one seen, 5 opens the
    // next period.
    for (int minute = 0; minute < 6; minute++) {
      h.processElement(v("A", minute, minute), 0);
    }
    OperatorSubtaskState snapshot = h.snapshot(1, 1);
    h.close();
    var restored = harness(5);
    restored.initializeState(snapshot);
    restored.open();
    // Bars ending at 7..9 stay in the period opened at 5; none end at 10 or 11; 12 opens it.
    for (int minute : new int[] {6, 7, 8, 11, 12}) {
      restored.processElement(v("A", minute, minute), 0);
    }
    List<Long> before = h.extractOutputValues().stream().map(FeatureWindow::barEnd).toList();
    List<Long> after = restored.extractOutputValues().stream().map(FeatureWindow::barEnd).toList();
    assertThat(before).containsExactly(60_000L, 300_000L);
    assertThat(after).containsExactly(720_000L);
    // The window kept every bar, forecast or not.
    assertThat(restored.extractOutputValues().get(0).barEnds())
        .containsExactly(480_000L, 540_000L, 720_000L);
    restored.close();
  }
}
