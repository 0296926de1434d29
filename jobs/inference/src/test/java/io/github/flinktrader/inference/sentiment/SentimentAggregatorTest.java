package io.github.flinktrader.inference.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.github.flinktrader.records.SentimentAggregate;
import io.github.flinktrader.records.SentimentLabel;
import io.github.flinktrader.records.SentimentScore;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/**
 * Windows, smoothing, momentum and anomaly math on a hand-computed case: alpha 0.5 (span 3) for the
 * statistics, smoothing 0.5, z threshold 2, two windows of history before z-scores count.
 */
class SentimentAggregatorTest {

  static final long T0 = 1_700_000_040_000L - 1_700_000_040_000L % 60_000;
  static final SentimentAggregator.Settings SETTINGS =
      new SentimentAggregator.Settings(Duration.ofMinutes(1), 0.5, 3, 2.0, 2, Duration.ZERO);

  static KeyedOneInputStreamOperatorTestHarness<String, SentimentScore, SentimentAggregate>
      harness() throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new SentimentAggregator(SETTINGS, "test")),
            SentimentScore::symbol,
            Types.STRING);
    h.setStateBackend(new EmbeddedRocksDBStateBackend());
    return h;
  }

  static StreamRecord<SentimentScore> score(
      long minute, int second, SentimentLabel label, double score, boolean fallback) {
    long t = T0 + minute * 60_000 + second * 1_000L;
    return new StreamRecord<>(
        new SentimentScore(
            "t3_" + minute + "_" + second, "AAPL", t, label, 0.9, score, "m/v1", fallback),
        t);
  }

  @Test
  void windowsSmoothingMomentumAndAnomalyAsComputedByHand() throws Exception {
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(SentimentAggregator.Counts.class);
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(SentimentAggregator.Stats.class);
    var h = harness();
    h.open();
    h.processElement(score(0, 5, SentimentLabel.POSITIVE, 0.8, false));
    h.processElement(score(0, 50, SentimentLabel.NEGATIVE, -0.4, false));
    h.processElement(score(1, 10, SentimentLabel.POSITIVE, 0.6, false));
    h.processWatermark(new Watermark(T0 + 2 * 60_000 - 1)); // minutes 0 and 1 complete
    // minute 2 without posts; minute 3 five neutral posts, one of them the model's fallback
    for (int i = 0; i < 5; i++) {
      h.processElement(score(3, i, SentimentLabel.NEUTRAL, 0, i == 0));
    }
    OperatorSubtaskState snapshot = h.snapshot(1, 1);
    List<SentimentAggregate> before = h.extractOutputValues();
    h.close();

    var restored = harness();
    restored.initializeState(snapshot);
    restored.open();
    restored.processWatermark(new Watermark(T0 + 4 * 60_000 - 1));
    restored.processElement(score(1, 30, SentimentLabel.POSITIVE, 0.5, false)); // too late
    List<SentimentAggregate> after = restored.extractOutputValues();

    assertThat(before).hasSize(2);
    SentimentAggregate m0 = before.get(0);
    assertThat(m0.windowStart()).isEqualTo(T0);
    assertThat(m0.windowEnd()).isEqualTo(T0 + 60_000);
    assertThat(List.of(m0.bullish(), m0.bearish(), m0.neutral(), m0.total()))
        .containsExactly(1L, 1L, 0L, 2L);
    assertThat(m0.meanScore()).isCloseTo(0.2, offset(1e-12));
    assertThat(m0.smoothedScore()).isCloseTo(0.2, offset(1e-12));
    assertThat(m0.momentum()).isZero();
    assertThat(m0.volumeZ()).isZero(); // no history yet
    assertThat(m0.anomaly()).isFalse();

    SentimentAggregate m1 = before.get(1);
    assertThat(m1.meanScore()).isCloseTo(0.6, offset(1e-12));
    assertThat(m1.smoothedScore()).isCloseTo(0.4, offset(1e-12)); // 0.5 * 0.6 + 0.5 * 0.2
    assertThat(m1.momentum()).isCloseTo(0.2, offset(1e-12));
    assertThat(m1.anomaly()).isFalse();

    // Statistics after minute 1: volume mean 1.5, variance 0.25; score mean 0.4, variance 0.04.
    // The empty minute 2 folds in a zero: volume mean 0.75, variance 0.5 * (0.25 + 0.5 * 1.5^2).
    assertThat(after).hasSize(1);
    SentimentAggregate m3 = after.get(0);
    assertThat(m3.windowStart()).isEqualTo(T0 + 3 * 60_000);
    assertThat(m3.total()).isEqualTo(5);
    assertThat(m3.neutral()).isEqualTo(5);
    assertThat(m3.fallbacks()).isEqualTo(1);
    assertThat(m3.meanScore()).isZero();
    // the variance floor applies: max(0.6875, mean 0.75, 1) = 1
    assertThat(m3.volumeZ()).isCloseTo(5 - 0.75, offset(1e-9));
    assertThat(m3.meanZ()).isCloseTo(-2.0, offset(1e-9)); // (0 - 0.4) / 0.2
    assertThat(m3.anomaly()).isTrue(); // the volume jump
    assertThat(m3.smoothedScore()).isCloseTo(0.2, offset(1e-12));
    assertThat(m3.momentum()).isCloseTo(-0.2, offset(1e-12));
    assertThat(m3.modelVersion()).isEqualTo("m/v1");
    assertThat(List.of(m0, m1, m3)).allMatch(a -> a.violation().isEmpty());

    assertThat(restored.getSideOutput(SentimentAggregator.REFUSED))
        .singleElement()
        .satisfies(r -> assertThat(r.getValue().reason()).isEqualTo("late-sentiment"));
    restored.close();
  }

  @Test
  void aPostArrivingWithinTheLatenessStillCountsInItsWindow() throws Exception {
    var settings =
        new SentimentAggregator.Settings(
            Duration.ofMinutes(1), 0.5, 3, 2.0, 2, Duration.ofMinutes(5));
    try (var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new SentimentAggregator(settings, "test")),
            SentimentScore::symbol,
            Types.STRING)) {
      h.setStateBackend(new EmbeddedRocksDBStateBackend());
      h.open();
      h.processElement(score(0, 5, SentimentLabel.POSITIVE, 0.8, false));
      h.processWatermark(new Watermark(T0 + 3 * 60_000)); // the market is 2 minutes past minute 0
      assertThat(h.extractOutputValues()).isEmpty();
      h.processElement(score(0, 40, SentimentLabel.NEGATIVE, -0.6, false)); // polled late: counts
      h.processWatermark(new Watermark(T0 + 6 * 60_000 - 1)); // minute 0 ended 5 minutes ago
      assertThat(h.extractOutputValues())
          .singleElement()
          .satisfies(a -> assertThat(List.of(a.bullish(), a.bearish())).containsExactly(1L, 1L));
      h.processElement(score(0, 50, SentimentLabel.POSITIVE, 0.9, false)); // beyond: refused
      assertThat(h.getSideOutput(SentimentAggregator.REFUSED)).hasSize(1);
    }
  }

  @Test
  void symbolsAreAggregatedApart() throws Exception {
    var h = harness();
    h.open();
    h.processElement(score(0, 1, SentimentLabel.POSITIVE, 0.9, false));
    long t = T0 + 2_000;
    h.processElement(
        new StreamRecord<>(
            new SentimentScore(
                "t3_x", "MSFT", t, SentimentLabel.NEGATIVE, 0.8, -0.7, "m/v1", false),
            t));
    h.processWatermark(new Watermark(T0 + 60_000 - 1));
    assertThat(h.extractOutputValues())
        .extracting(a -> a.symbol() + ":" + a.bullish() + "/" + a.bearish())
        .containsExactlyInAnyOrder("AAPL:1/0", "MSFT:0/1");
    h.close();
  }
}
