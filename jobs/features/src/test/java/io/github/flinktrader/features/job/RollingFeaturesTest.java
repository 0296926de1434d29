package io.github.flinktrader.features.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.features.FeatureSpec;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.MinuteBar;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class RollingFeaturesTest {

  private static final long T0 = 1_385_337_600_000L;

  private static KeyedOneInputStreamOperatorTestHarness<String, MinuteBar, FeatureVector> harness()
      throws Exception {
    var h = heapHarness();
    h.setStateBackend(new EmbeddedRocksDBStateBackend());
    return h;
  }

  /** The heap backend can count its state entries; RocksDB cannot. */
  private static KeyedOneInputStreamOperatorTestHarness<String, MinuteBar, FeatureVector>
      heapHarness() throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new RollingFeatures()),
            MinuteBar::symbol,
            org.apache.flink.api.common.typeinfo.Types.STRING);
    return h;
  }

  @Test
  void emitsOneVectorPerBarPerSymbolAndWarmsUp() throws Exception {
    try (var h = heapHarness()) {
      h.open();
      for (int i = 0; i < 80; i++) {
        h.processElement(bar("BTCUSD", i, 800 + i), T0 + i * 60_000L);
        h.processElement(bar("ETHUSD", i, 40 - i * 0.1), T0 + i * 60_000L);
      }
      List<FeatureVector> out = h.extractOutputValues();
      assertThat(out).hasSize(160);
      assertThat(out.stream().filter(f -> f.symbol().equals("BTCUSD") && f.warm()))
          .hasSize(80 - FeatureSpec.WARMUP_BARS + 1);
      // Each symbol keeps its own state: rising BTC, falling ETH.
      FeatureVector btc = out.get(158);
      FeatureVector eth = out.get(159);
      assertThat(btc.values()[FeatureSpec.LOG_RET_15]).isPositive();
      assertThat(eth.values()[FeatureSpec.LOG_RET_15]).isNegative();
      assertThat(h.numKeyedStateEntries()).isEqualTo(2);
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void duplicateAndOutOfOrderBarsAreDeadLettered() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement(bar("BTCUSD", 0, 800), T0);
      h.processElement(bar("BTCUSD", 2, 801), T0 + 120_000);
      h.processElement(bar("BTCUSD", 2, 801), T0 + 120_000); // duplicate
      h.processElement(bar("BTCUSD", 1, 799), T0 + 60_000); // out of order
      h.processElement(bar("BTCUSD", 3, 802), T0 + 180_000);
      assertThat(h.extractOutputValues())
          .extracting(FeatureVector::barEnd)
          .containsExactly(T0 + 60_000, T0 + 180_000, T0 + 240_000);
      List<DeadLetter> dead =
          h.getSideOutput(RollingFeatures.STALE).stream().map(StreamRecord::getValue).toList();
      assertThat(dead).extracting(DeadLetter::reason).containsExactly("stale-bar", "stale-bar");
      assertThat(dead.get(1).payload()).contains("\"start\":" + (T0 + 60_000));
    }
  }

  @Test
  void snapshotAndRestoreOnRocksDbContinuesExactlyAsAnUninterruptedRun() throws Exception {
    List<FeatureVector> uninterrupted;
    try (var h = harness()) {
      h.open();
      for (int i = 0; i < 50; i++) {
        h.processElement(bar("BTCUSD", i, 800 + Math.sin(i) * 5), T0 + i * 60_000L);
      }
      uninterrupted = h.extractOutputValues();
    }
    List<FeatureVector> resumed = new ArrayList<>();
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.open();
      for (int i = 0; i < 20; i++) {
        h.processElement(bar("BTCUSD", i, 800 + Math.sin(i) * 5), T0 + i * 60_000L);
      }
      snapshot = h.snapshot(1, T0 + 20 * 60_000L);
      resumed.addAll(h.extractOutputValues());
    }
    try (var h = harness()) {
      h.initializeState(snapshot);
      h.open();
      for (int i = 20; i < 50; i++) {
        h.processElement(bar("BTCUSD", i, 800 + Math.sin(i) * 5), T0 + i * 60_000L);
      }
      resumed.addAll(h.extractOutputValues());
    }
    assertThat(resumed).isEqualTo(uninterrupted);
  }

  static MinuteBar bar(String symbol, long minute, double close) {
    long start = T0 + minute * 60_000;
    BigDecimal c = BigDecimal.valueOf(close);
    return new MinuteBar(
        symbol,
        start,
        start + 60_000,
        c,
        c.add(BigDecimal.ONE),
        c.subtract(BigDecimal.ONE),
        c,
        BigDecimal.valueOf(1 + minute % 7),
        c,
        2);
  }
}
