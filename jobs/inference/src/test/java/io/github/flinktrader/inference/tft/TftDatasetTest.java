package io.github.flinktrader.inference.tft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.flinktrader.features.FeatureSpecFile;
import io.github.flinktrader.records.MinuteBar;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Samples from bars: labels, known inputs, gaps, and a time split without leakage. */
class TftDatasetTest {

  static final long T0 = 1_385_337_600_000L; // Monday 2013-11-25 00:00 UTC

  static List<MinuteBar> bars(int n, int skipFrom, int skipTo) {
    List<MinuteBar> bars = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (i >= skipFrom && i < skipTo) {
        continue;
      }
      BigDecimal p = BigDecimal.valueOf(100 + Math.sin(i / 7.0) * 3 + i * 0.01);
      long start = T0 + i * 60_000L;
      bars.add(
          new MinuteBar(
              "BTCUSD",
              start,
              start + 60_000,
              p,
              p.add(BigDecimal.ONE),
              p.subtract(BigDecimal.ONE),
              p,
              BigDecimal.TEN,
              p,
              3));
    }
    return bars;
  }

  static TftConfig config(FeatureSpecFile spec) {
    return new TftConfig(
        List.of("BTCUSD"),
        spec.names(),
        TftDataset.KNOWN,
        10,
        new int[] {5, 30},
        new double[] {0.1, 0.5, 0.9},
        16,
        2,
        0f);
  }

  @Test
  void labelsAreLogReturnsToTheBarClosingAtEachHorizonAndGapsDropSamples() {
    FeatureSpecFile spec = FeatureSpecFile.load();
    List<MinuteBar> bars = bars(400, 300, 320); // 20 minutes without trades
    TftDataset.Samples s = TftDataset.build(Map.of("BTCUSD", bars), spec, config(spec), null);

    int first = spec.warmupBars() - 1 + 10 - 1; // the first bar with 10 warm bars behind it
    assertThat(s.decisionTimes()[0]).isEqualTo(bars.get(first).end());
    double expected5 =
        Math.log(bars.get(first + 5).close().doubleValue() / bars.get(first).close().doubleValue());
    double expected30 =
        Math.log(
            bars.get(first + 30).close().doubleValue() / bars.get(first).close().doubleValue());
    assertThat(s.labels()[0]).isCloseTo((float) expected5, within(1e-6f));
    assertThat(s.labels()[1]).isCloseTo((float) expected30, within(1e-6f));
    // Decisions whose 30-minute label bar falls in the gap (beyond the 10% tolerance) are dropped.
    TftDataset.Samples noGap =
        TftDataset.build(Map.of("BTCUSD", bars(400, 0, 0)), spec, config(spec), null);
    assertThat(s.size()).isLessThan(noGap.size() - 20);
    for (long t : s.decisionTimes()) {
      long endMinute = (t - T0) / 60_000L; // the decision bar ends at the start of this minute
      assertThat(endMinute <= 300 || endMinute > 320).isTrue();
    }
    // Known inputs of the first horizon: Monday 00:00 UTC + decision + 5 minutes, offset 5/30.
    int k = TftDataset.KNOWN.size();
    float[] f = s.future();
    long at = s.decisionTimes()[0] + 5 * 60_000L;
    double a = 2 * Math.PI * ((at / 60_000L) % 1440) / 1440.0;
    assertThat(f[0]).isCloseTo((float) Math.sin(a), within(1e-5f));
    assertThat(f[2]).isCloseTo(0f, within(1e-6f)); // Monday: sin(0)
    assertThat(f[4]).isCloseTo(5f / 30f, within(1e-6f));
    assertThat(f[k + 4]).isCloseTo(1f, within(1e-6f));
  }

  @Test
  void aTimeSplitKeepsEveryLabelInsideItsOwnRange() {
    FeatureSpecFile spec = FeatureSpecFile.load();
    TftDataset.Samples s =
        TftDataset.build(Map.of("BTCUSD", bars(2000, 0, 0)), spec, config(spec), null);
    long maxH = 30 * 60_000L;
    TftDataset.Split split = TftDataset.split(s, 0.6, 0.2, maxH);
    int[] train = split.train(s, maxH);
    int[] validation = split.validation(s, maxH);
    int[] test = split.test(s, maxH);
    assertThat(train.length).isGreaterThan(0);
    assertThat(validation.length).isGreaterThan(0);
    assertThat(test.length).isGreaterThan(0);
    for (int r : train) {
      assertThat(s.decisionTimes()[r] + maxH).isLessThanOrEqualTo(split.validationFrom());
    }
    for (int r : validation) {
      assertThat(s.decisionTimes()[r]).isGreaterThanOrEqualTo(split.validationFrom());
      assertThat(s.decisionTimes()[r] + maxH).isLessThanOrEqualTo(split.testFrom());
    }
    for (int r : test) {
      assertThat(s.decisionTimes()[r]).isGreaterThanOrEqualTo(split.testFrom());
    }
  }

  @Test
  void theMirroredPathNegatesEveryReturnAndKeepsTheVolatility() {
    FeatureSpecFile spec = FeatureSpecFile.load();
    List<MinuteBar> bars = bars(400, 0, 0);
    Map<String, List<MinuteBar>> mirrored = TftDataset.mirrored(Map.of("BTCUSD", bars));
    List<MinuteBar> m = mirrored.get("BTCUSD");
    assertThat(m).hasSameSizeAs(bars);
    for (int i = 0; i < m.size(); i++) {
      MinuteBar b = m.get(i);
      assertThat(b.high()).isGreaterThan(b.low());
      assertThat(b.close()).isBetween(b.low(), b.high());
      assertThat(b.volume()).isEqualTo(bars.get(i).volume());
      assertThat(b.end()).isEqualTo(bars.get(i).end());
    }
    // Reflected about the first close.
    assertThat(m.get(0).close().doubleValue())
        .isCloseTo(bars.get(0).close().doubleValue(), within(1e-9));

    TftConfig config = config(spec);
    TftDataset.Samples real = TftDataset.build(Map.of("BTCUSD", bars), spec, config, null);
    TftDataset.Samples mir = TftDataset.build(mirrored, spec, config, null);
    assertThat(mir.size()).isEqualTo(real.size());
    for (int i = 0; i < real.labels().length; i++) {
      assertThat(mir.labels()[i]).isCloseTo(-real.labels()[i], within(1e-6f));
    }
    // Features, recomputed from the mirrored bars: returns change sign, volatility stays.
    int v = real.encoderInputs();
    int last = (real.size() * real.contextLength() - 1) * v;
    for (String name : List.of("log_ret_1", "log_ret_15", "log_ret_60")) {
      int f = spec.names().indexOf(name);
      FeatureSpecFile.Feature feature = spec.features().get(f);
      double realRaw = real.past()[last + f] * feature.std() + feature.mean();
      double mirRaw = mir.past()[last + f] * feature.std() + feature.mean();
      assertThat(mirRaw).as(name).isCloseTo(-realRaw, within(1e-5));
    }
    int vol = spec.names().indexOf("realized_vol_30");
    assertThat(mir.past()[last + vol]).isCloseTo(real.past()[last + vol], within(1e-4f));

    TftDataset.Samples both = real.concat(mir);
    assertThat(both.size()).isEqualTo(2 * real.size());
    assertThat(both.labels()[real.labels().length]).isEqualTo(mir.labels()[0]);
    assertThat(both.past()).hasSize(2 * real.past().length);
    assertThat(both.decisionTimes()[real.size()]).isEqualTo(mir.decisionTimes()[0]);
  }
}
