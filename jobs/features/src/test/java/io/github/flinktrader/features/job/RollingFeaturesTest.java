package io.github.flinktrader.features.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.features.FeatureSpec;
import io.github.flinktrader.records.AggregateBar;
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
      assertThat(h.numEventTimeTimers()).isEqualTo(2); // one per symbol, for all its waiting bars
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
      // No bar is left waiting: per symbol the feature state, the arrivals and the longer bars,
      // whose windows still open (minutes 75..89 and 60..119) are the only timers left.
      assertThat(h.numEventTimeTimers()).isEqualTo(4);
      assertThat(h.numKeyedStateEntries()).isEqualTo(6);
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
      assertThat(h.numEventTimeTimers()).isEqualTo(3); // minute 200's 5-, 15- and 60-minute windows
      assertThat(h.numKeyedStateEntries()).isEqualTo(3); // features, arrivals, longer bars
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
  void buildsLongerBarsOnceTheWatermarkPassesTheirEndAndRefusesBarsAfterThat() throws Exception {
    try (var h = harness()) {
      h.open();
      for (int m : new int[] {0, 1, 3, 4, 5, 6, 7, 8, 9}) { // minute 2 without trades
        h.processElement1(bar("BTCUSD", m, 100 + m), T0 + m * 60_000L);
      }
      h.processBothWatermarks(new Watermark(T0 + 10 * 60_000L - 1));
      assertThat(longer(h))
          .extracting(b -> b.timeframeMinutes() + "@" + (b.start() - T0) / 60_000)
          .containsExactly("5@0", "5@5");
      AggregateBar first = longer(h).get(0);
      assertThat(first.minutesWithTrades()).isEqualTo(4);
      assertThat(first.hasGaps()).isTrue();
      assertThat(first.open()).isEqualByComparingTo("100");
      assertThat(first.close()).isEqualByComparingTo("104");
      assertThat(first.high()).isEqualByComparingTo("105");
      assertThat(first.low()).isEqualByComparingTo("99");
      assertThat(first.volume()).isEqualByComparingTo("12"); // 1 + 2 + 4 + 5, see bar()
      assertThat(longer(h).get(1).minutesWithTrades()).isEqualTo(5);

      // No bar in minutes 10..14: the 15-minute window ends on its own timer.
      h.processBothWatermarks(new Watermark(T0 + 15 * 60_000L - 1));
      assertThat(longer(h)).hasSize(3);
      AggregateBar quarter = longer(h).get(2);
      assertThat(quarter.timeframeMinutes()).isEqualTo(15);
      assertThat(quarter.minutesWithTrades()).isEqualTo(9);
      assertThat(quarter.close()).isEqualByComparingTo("109");

      // Minute 12 arrives behind the watermark: newer than the latest bar, so its features count;
      // its 15-minute bar was emitted (late there), its 5-minute window never had a bar (emitted
      // now with it alone), its hour is still open.
      h.processElement1(bar("BTCUSD", 12, 112), T0 + 12 * 60_000L);
      h.processBothWatermarks(new Watermark(T0 + 16 * 60_000L));
      assertThat(h.extractOutputValues()).hasSize(10);
      assertThat(refused(h))
          .extracting(d -> d.stage() + ":" + d.reason())
          .containsExactly("features.bars-15m:late-bar");
      assertThat(longer(h))
          .extracting(b -> b.timeframeMinutes() + "@" + (b.start() - T0) / 60_000)
          .containsExactly("5@0", "5@5", "15@0", "5@10");

      h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
      AggregateBar hour = longer(h).get(4);
      assertThat(hour.timeframeMinutes()).isEqualTo(60);
      assertThat(hour.minutesWithTrades()).isEqualTo(10);
      assertThat(hour.close()).isEqualByComparingTo("112");
      assertThat(longer(h)).hasSize(5);
    }
  }

  @Test
  void barsWaitingThroughAWeekLongStopAreStillReleasedAndDuplicatesStillRefused() throws Exception {
    try (var h = harness()) {
      h.setStateTtlProcessingTime(0);
      h.open();
      h.processElement1(bar("BTCUSD", 0, 800), T0);
      h.processElement1(bar("BTCUSD", 1, 801), T0 + 60_000);
      // The job is down for longer than the state's expiry, then the watermark moves on.
      h.setStateTtlProcessingTime(RollingFeatures.STATE_TTL.toMillis() + 86_400_000L);
      h.processBothWatermarks(new Watermark(T0 + 2 * 60_000L));
      assertThat(h.extractOutputValues())
          .extracting(FeatureVector::barEnd)
          .containsExactly(T0 + 60_000, T0 + 120_000);
      h.processElement1(bar("BTCUSD", 1, 801), T0 + 60_000);
      assertThat(refused(h)).extracting(DeadLetter::reason).containsExactly("stale-bar");
    }
  }

  /** Minutes 0..99 without trades in 20..31 and 47: gaps across 5-, 15- and 60-minute windows. */
  private static final int[] GAPPY_MINUTES =
      java.util.stream.IntStream.range(0, 100).filter(m -> (m < 20 || m > 31) && m != 47).toArray();

  /** The vectors and longer bars of one run, with every vector's stream timestamp checked. */
  private record Run(List<FeatureVector> vectors, List<AggregateBar> longer) {}

  /**
   * Feeds {@link #GAPPY_MINUTES}, with a sentiment score every 7th minute if asked, moving the
   * watermark to {@code lag} minutes behind the latest bar's time after every {@code every} bars
   * (0: only once, at the end).
   */
  private static Run run(int every, boolean sentiment, int lag) throws Exception {
    try (var h = harness()) {
      h.open();
      int fed = 0;
      for (int m : GAPPY_MINUTES) {
        h.processElement1(bar("BTCUSD", m, 800 + Math.sin(m) * 5), T0 + m * 60_000L);
        if (sentiment && m % 7 == 0) {
          h.processElement2(score(m, SentimentLabel.POSITIVE, Math.cos(m)), T0);
        }
        if (every > 0 && ++fed % every == 0) {
          h.processBothWatermarks(new Watermark(T0 + (m + 1 - lag) * 60_000L - 1));
          // Exactly the bars the watermark has passed are out, no more, no fewer.
          int last = m - lag;
          assertThat(h.extractOutputValues())
              .hasSize((int) java.util.Arrays.stream(GAPPY_MINUTES).filter(x -> x <= last).count());
        }
      }
      h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
      assertThat(h.numEventTimeTimers()).isZero();
      assertThat(refused(h)).isEmpty();
      List<StreamRecord<FeatureVector>> records = new ArrayList<>();
      for (Object o : h.getOutput()) {
        if (o instanceof StreamRecord<?> r && r.getValue() instanceof FeatureVector) {
          @SuppressWarnings("unchecked")
          StreamRecord<FeatureVector> f = (StreamRecord<FeatureVector>) r;
          records.add(f);
        }
      }
      // Released together or not, each vector is stamped with its own bar's time.
      assertThat(records)
          .allSatisfy(r -> assertThat(r.getTimestamp()).isEqualTo(r.getValue().barEnd() - 1));
      return new Run(records.stream().map(StreamRecord::getValue).toList(), longer(h));
    }
  }

  @Test
  void barsReleasedTogetherGiveWhatTheyGiveReleasedOneByOne() throws Exception {
    Run oneByOne = run(1, true, 0);
    assertThat(oneByOne.vectors()).hasSize(GAPPY_MINUTES.length);
    // Only windows with trades make a bar: the 5-minute windows from 20 and 25 make none.
    assertThat(oneByOne.longer())
        .filteredOn(b -> b.timeframeMinutes() == 5)
        .extracting(b -> (b.start() - T0) / 60_000)
        .hasSize(18)
        .doesNotContain(20L, 25L);
    assertThat(oneByOne.longer())
        .filteredOn(b -> b.timeframeMinutes() == 15)
        .extracting(AggregateBar::minutesWithTrades)
        .containsExactly(15, 5, 13, 14, 15, 15, 10);
    assertThat(oneByOne.longer())
        .filteredOn(b -> b.timeframeMinutes() == 60)
        .extracting(AggregateBar::minutesWithTrades)
        .containsExactly(47, 40);
    // In steps of ten bars, a window's timer (minute 20, a gap) releases the bars after the gap.
    Run inTens = run(10, true, 0);
    assertThat(inTens.vectors()).isEqualTo(oneByOne.vectors());
    assertThat(inTens.longer()).isEqualTo(oneByOne.longer());
    // A watermark seven minutes behind the bars releases part of what waits, across the gaps.
    Run trailing = run(3, true, 7);
    assertThat(trailing.vectors()).isEqualTo(oneByOne.vectors());
    assertThat(trailing.longer()).isEqualTo(oneByOne.longer());
    // All at once (no sentiment: the ring holds one hour, and 100 minutes of it would arrive
    // before the first bar is released).
    Run quiet = run(1, false, 0);
    Run atOnce = run(0, false, 0);
    assertThat(atOnce.vectors()).isEqualTo(quiet.vectors());
    assertThat(atOnce.longer()).isEqualTo(quiet.longer());
    assertThat(quiet.vectors()).isNotEqualTo(oneByOne.vectors()); // the sentiment did count
  }

  @Test
  void snapshotAndRestoreOnRocksDbContinuesExactlyAsAnUninterruptedRun() throws Exception {
    List<FeatureVector> uninterrupted;
    List<AggregateBar> uninterruptedLonger;
    try (var h = harness()) {
      h.open();
      for (int i = 0; i < 90; i++) {
        feed(h, i);
      }
      h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
      uninterrupted = h.extractOutputValues();
      uninterruptedLonger = longer(h);
    }
    List<FeatureVector> resumed = new ArrayList<>();
    List<AggregateBar> resumedLonger = new ArrayList<>();
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.open();
      for (int i = 0; i < 40; i++) {
        feed(h, i);
      }
      snapshot = h.snapshot(1, T0 + 40 * 60_000L); // bars and sentiment still waiting
      resumed.addAll(h.extractOutputValues());
      resumedLonger.addAll(longer(h));
    }
    try (var h = harness()) {
      h.initializeState(snapshot);
      h.open();
      for (int i = 40; i < 90; i++) {
        feed(h, i);
      }
      h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
      resumed.addAll(h.extractOutputValues());
      resumedLonger.addAll(longer(h));
    }
    assertThat(resumed).hasSize(90).isEqualTo(uninterrupted);
    // 18 five-minute, 6 fifteen-minute and 2 hourly bars, the windows open at the snapshot
    // included.
    assertThat(resumedLonger).hasSize(26).isEqualTo(uninterruptedLonger);
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

  private static List<AggregateBar> longer(
      KeyedTwoInputStreamOperatorTestHarness<String, MinuteBar, SentimentAggregate, FeatureVector>
          h) {
    var out = h.getSideOutput(RollingFeatures.LONGER_BARS);
    return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
  }

  private static List<DeadLetter> refused(
      KeyedTwoInputStreamOperatorTestHarness<String, MinuteBar, SentimentAggregate, FeatureVector>
          h) {
    var out = h.getSideOutput(RollingFeatures.REFUSED);
    return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
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
