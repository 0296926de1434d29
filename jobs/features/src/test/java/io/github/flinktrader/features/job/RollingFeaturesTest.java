package io.github.flinktrader.features.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.features.FeatureSpec;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.SentimentAggregate;
import io.github.flinktrader.records.SentimentLabel;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class RollingFeaturesTest {

  private static final long T0 = 1_385_337_600_000L;

  private static KeyedTwoInputStreamOperatorTestHarness<
          String, MinuteBar, SentimentAggregate, FeatureVector>
      harness() throws Exception {
    var h = heapHarness();
    h.setStateBackend(new EmbeddedRocksDBStateBackend());
    return h;
  }

  /** The heap backend can count its state entries; RocksDB cannot. */
  private static KeyedTwoInputStreamOperatorTestHarness<
          String, MinuteBar, SentimentAggregate, FeatureVector>
      heapHarness() throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(
        new KeyedCoProcessOperator<>(new RollingFeatures()),
        MinuteBar::symbol,
        SentimentAggregate::symbol,
        Types.STRING);
  }

  @Test
  void emitsOneVectorPerBarOnceTheWatermarkPassesItAndWarmsUp() throws Exception {
    try (var h = heapHarness()) {
      h.open();
      for (int i = 0; i < 80; i++) {
        h.processElement1(bar("BTCUSD", i, 800 + i), T0 + i * 60_000L);
        h.processElement1(bar("ETHUSD", i, 40 - i * 0.1), T0 + i * 60_000L);
      }
      assertThat(h.extractOutputValues()).isEmpty(); // waiting for the watermark
      assertThat(h.numEventTimeTimers()).isEqualTo(160);
      h.processBothWatermarks(new Watermark(T0 + 80 * 60_000L));
      List<FeatureVector> out = h.extractOutputValues();
      assertThat(out).hasSize(160);
      assertThat(out.stream().filter(f -> f.symbol().equals("BTCUSD") && f.warm()))
          .hasSize(80 - FeatureSpec.WARMUP_BARS + 1);
      FeatureVector btc =
          out.stream().filter(f -> f.symbol().equals("BTCUSD")).reduce((a, b) -> b).orElseThrow();
      FeatureVector eth =
          out.stream().filter(f -> f.symbol().equals("ETHUSD")).reduce((a, b) -> b).orElseThrow();
      assertThat(btc.values()[FeatureSpec.LOG_RET_15]).isPositive();
      assertThat(eth.values()[FeatureSpec.LOG_RET_15]).isNegative();
      // Without sentiment the sentiment features have their defined neutral values.
      assertThat(btc.values()[FeatureSpec.SENTIMENT_BULLISH]).isZero();
      assertThat(btc.values()[FeatureSpec.SENTIMENT_MEAN]).isZero();
      // Nothing is left waiting: per symbol the feature state and the latest bar end, no pending
      // bars, no timers.
      assertThat(h.numEventTimeTimers()).isZero();
      assertThat(h.numKeyedStateEntries()).isEqualTo(4);
    }
  }

  @Test
  void sentimentOfTheHourBeforeTheBarCountsWhateverOrderItArrivesIn() throws Exception {
    try (var h = heapHarness()) {
      h.open();
      h.processElement1(bar("BTCUSD", 70, 800), T0 + 70 * 60_000L);
      // Arrives after the bar, but before the watermark passes it: still counted.
      h.processElement2(score(5, SentimentLabel.POSITIVE, 0.8), T0);
      h.processElement2(score(40, SentimentLabel.NEGATIVE, -0.6), T0);
      h.processElement2(score(62, SentimentLabel.POSITIVE, 0.9), T0);
      h.processElement2(score(65, SentimentLabel.NEUTRAL, 0.1), T0);
      h.processElement2(score(71, SentimentLabel.POSITIVE, 1.0), T0); // after the bar's end
      h.processBothWatermarks(new Watermark(T0 + 71 * 60_000L - 1));
      FeatureVector f = h.extractOutputValues().get(0);
      // The bar ends at minute 71: the hour is minutes 11..70, the quarter hour 56..70.
      assertThat(f.values()[FeatureSpec.SENTIMENT_BULLISH]).isEqualTo(1);
      assertThat(f.values()[FeatureSpec.SENTIMENT_BEARISH]).isEqualTo(1);
      assertThat(f.values()[FeatureSpec.SENTIMENT_NEUTRAL]).isEqualTo(1);
      assertThat(f.values()[FeatureSpec.SENTIMENT_MEAN])
          .isCloseTo((-0.6 + 0.9 + 0.1) / 3, org.assertj.core.api.Assertions.within(1e-12));
      assertThat(f.values()[FeatureSpec.SENTIMENT_MOMENTUM])
          .isCloseTo(
              (0.9 + 0.1) / 2 - (-0.6 + 0.9 + 0.1) / 3,
              org.assertj.core.api.Assertions.within(1e-12));
      // Behind the watermark but within the hour: kept for the bars still to come.
      h.processElement2(score(60, SentimentLabel.POSITIVE, 0.5), T0);
      h.processElement1(bar("BTCUSD", 72, 801), T0 + 72 * 60_000L);
      h.processBothWatermarks(new Watermark(T0 + 73 * 60_000L - 1));
      assertThat(h.extractOutputValues().get(1).values()[FeatureSpec.SENTIMENT_BULLISH])
          .isEqualTo(3);
      // More than an hour behind: no bar can use it, so it is refused, not silently ignored.
      h.processElement2(score(5, SentimentLabel.POSITIVE, 0.5), T0);
      List<DeadLetter> refused = refused(h);
      assertThat(refused).extracting(DeadLetter::reason).containsExactly("late-sentiment");
      // A bar more than an hour after the last score clears the sentiment ring.
      h.processElement1(bar("BTCUSD", 200, 802), T0 + 200 * 60_000L);
      h.processBothWatermarks(new Watermark(T0 + 201 * 60_000L));
      assertThat(h.extractOutputValues().get(2).values()[FeatureSpec.SENTIMENT_BULLISH]).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
      assertThat(h.numKeyedStateEntries()).isEqualTo(2); // feature state and latest bar end
    }
  }

  @Test
  void duplicateAndOutOfOrderBarsAreRefused() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement1(bar("BTCUSD", 0, 800), T0);
      h.processElement1(bar("BTCUSD", 2, 801), T0 + 120_000);
      h.processElement1(bar("BTCUSD", 2, 801), T0 + 120_000); // duplicate, still waiting
      h.processBothWatermarks(new Watermark(T0 + 180_000));
      h.processElement1(bar("BTCUSD", 1, 799), T0 + 60_000); // out of order, after minute 2
      h.processElement1(bar("BTCUSD", 3, 802), T0 + 180_000);
      h.processBothWatermarks(new Watermark(T0 + 240_000));
      assertThat(h.extractOutputValues())
          .extracting(FeatureVector::barEnd)
          .containsExactly(T0 + 60_000, T0 + 180_000, T0 + 240_000);
      List<DeadLetter> dead = refused(h);
      assertThat(dead).extracting(DeadLetter::reason).containsExactly("stale-bar", "stale-bar");
      assertThat(dead.get(1).payload()).contains("\"start\":" + (T0 + 60_000));
    }
  }

  @Test
  void snapshotAndRestoreOnRocksDbContinuesExactlyAsAnUninterruptedRun() throws Exception {
    List<FeatureVector> uninterrupted;
    try (var h = harness()) {
      h.open();
      for (int i = 0; i < 90; i++) {
        feed(h, i);
      }
      h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
      uninterrupted = h.extractOutputValues();
    }
    List<FeatureVector> resumed = new ArrayList<>();
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.open();
      for (int i = 0; i < 40; i++) {
        feed(h, i);
      }
      snapshot = h.snapshot(1, T0 + 40 * 60_000L); // bars and sentiment still waiting
      resumed.addAll(h.extractOutputValues());
    }
    try (var h = harness()) {
      h.initializeState(snapshot);
      h.open();
      for (int i = 40; i < 90; i++) {
        feed(h, i);
      }
      h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
      resumed.addAll(h.extractOutputValues());
    }
    assertThat(resumed).hasSize(90).isEqualTo(uninterrupted);
  }

  private static void feed(
      KeyedTwoInputStreamOperatorTestHarness<String, MinuteBar, SentimentAggregate, FeatureVector>
          h,
      int i)
      throws Exception {
    h.processElement1(bar("BTCUSD", i, 800 + Math.sin(i) * 5), T0 + i * 60_000L);
    if (i % 7 == 0) {
      h.processElement2(
          score(i, i % 2 == 0 ? SentimentLabel.POSITIVE : SentimentLabel.NEGATIVE, Math.cos(i)),
          T0);
    }
    if (i % 10 == 9) {
      h.processBothWatermarks(new Watermark(T0 + (i - 3) * 60_000L));
    }
  }

  private static List<DeadLetter> refused(
      KeyedTwoInputStreamOperatorTestHarness<String, MinuteBar, SentimentAggregate, FeatureVector>
          h) {
    return h.getSideOutput(RollingFeatures.REFUSED).stream().map(StreamRecord::getValue).toList();
  }

  /** The one-minute sentiment window of a single score. */
  static SentimentAggregate score(long minute, SentimentLabel label, double score) {
    double s = Math.max(-1, Math.min(1, score));
    return new SentimentAggregate(
        "BTCUSD",
        T0 + minute * 60_000,
        T0 + minute * 60_000 + 60_000,
        label == SentimentLabel.POSITIVE ? 1 : 0,
        label == SentimentLabel.NEGATIVE ? 1 : 0,
        label == SentimentLabel.NEUTRAL ? 1 : 0,
        1,
        s,
        s,
        0,
        0,
        0,
        false,
        0,
        "test/1");
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
