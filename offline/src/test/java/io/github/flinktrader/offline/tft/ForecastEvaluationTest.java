package io.github.flinktrader.offline.tft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.flinktrader.inference.tft.TftDataset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The evaluation metrics on examples small enough to compute by hand. */
class ForecastEvaluationTest {

  /** Three samples, one horizon, labels stored as raw log returns (scale 1). */
  static TftDataset.Samples samples(float... logReturns) {
    int n = logReturns.length;
    double[] closes = new double[n];
    java.util.Arrays.fill(closes, 100.0);
    return new TftDataset.Samples(
        n,
        1,
        1,
        1,
        1,
        new float[n],
        new float[n],
        new float[n * 5],
        logReturns,
        new long[n],
        closes,
        new String[n]);
  }

  @Test
  void pinballCoverageErrorsAndDirectionByHand() {
    double[] q = {0.1, 0.5, 0.9};
    TftDataset.Samples test = samples(0.02f, -0.01f, 0.0f);
    double[][][] p = {
      {{-0.01, 0.01, 0.03}}, // y = 0.02: inside, median right direction
      {{-0.02, 0.01, 0.02}}, // y = -0.01: inside, median wrong direction
      {{0.01, 0.02, 0.03}} // y = 0: below the interval; no direction (y is 0)
    };
    ForecastEvaluation.Scores s =
        ForecastEvaluation.score("m", p, test, new int[] {60}, q, new double[] {1}).get(0);

    // P10: 0.1*0.03, 0.1*0.01, 0.9*0.01 -> (0.003 + 0.001 + 0.009) / 3
    assertThat(s.pinball()[0]).isCloseTo(0.013 / 3, within(1e-6));
    // P50: 0.5*0.01, 0.5*0.02, 0.5*0.02 -> 0.025 / 3
    assertThat(s.pinball()[1]).isCloseTo(0.025 / 3, within(1e-6));
    // P90: 0.1*0.01, 0.1*0.03, 0.1*0.03 -> 0.007 / 3
    assertThat(s.pinball()[2]).isCloseTo(0.007 / 3, within(1e-6));
    assertThat(s.coverage()).isCloseTo(2 / 3.0, within(1e-9));
    // Prices: 100 e^y vs 100 e^median.
    double[] actual = {100 * Math.exp(0.02), 100 * Math.exp(-0.01), 100};
    double[] median = {100 * Math.exp(0.01), 100 * Math.exp(0.01), 100 * Math.exp(0.02)};
    double ape = 0;
    double se = 0;
    for (int i = 0; i < 3; i++) {
      ape += Math.abs(median[i] - actual[i]) / actual[i];
      se += (median[i] - actual[i]) * (median[i] - actual[i]);
    }
    assertThat(s.mape()).isCloseTo(100 * ape / 3, within(1e-6));
    assertThat(s.rmse()).isCloseTo(Math.sqrt(se / 3), within(1e-6));
    assertThat(s.directionalSamples()).isEqualTo(2);
    assertThat(s.directionalAccuracy()).isEqualTo(0.5);
  }

  @Test
  void dieboldMarianoWithAndWithoutNeweyWestLagsByHand() {
    double[] d = {1, -1, 2, 0};
    // Mean 0.5; deviations 0.5, -1.5, 1.5, -0.5; autocovariance 0: 5 / 4; 1: -3.75 / 4.
    double[] plain = ForecastEvaluation.dieboldMariano(d, 0);
    assertThat(plain[0]).isEqualTo(0.5);
    assertThat(plain[1]).isCloseTo(0.5 / Math.sqrt(1.25 / 4), within(1e-12));
    assertThat(plain[2]).isCloseTo(0.3710934, within(1e-6));
    // Bartlett weight 1/2 on the first autocovariance: 1.25 - 0.9375 = 0.3125.
    double[] lagged = ForecastEvaluation.dieboldMariano(d, 1);
    assertThat(lagged[1]).isCloseTo(0.5 / Math.sqrt(0.3125 / 4), within(1e-12));
    assertThat(lagged[2]).isCloseTo(0.0736383, within(1e-6));
    // No variance: no statistic rather than an infinite one.
    assertThat(ForecastEvaluation.dieboldMariano(new double[] {1, 1, 1}, 0)[1]).isNaN();
  }

  @Test
  void normalTailMatchesKnownValues() {
    assertThat(ForecastEvaluation.normalUpperTail(0)).isCloseTo(0.5, within(1e-7));
    assertThat(ForecastEvaluation.normalUpperTail(1.959964)).isCloseTo(0.025, within(1e-7));
    assertThat(ForecastEvaluation.normalUpperTail(-1)).isCloseTo(0.8413447, within(1e-7));
  }

  @Test
  void comparesTheMedianAndTheMeanPinballAgainstAReferenceWithTheHorizonAsLag() {
    double[] q = {0.1, 0.5, 0.9};
    float[] y = {0.01f, -0.01f, 0.02f, 0f};
    TftDataset.Samples test = samples(y);
    for (int i = 0; i < y.length; i++) {
      test.decisionTimes()[i] = i * 1_800_000L; // half-hour bars
    }
    double[][][] model = new double[4][1][];
    double[][][] reference = new double[4][1][];
    for (int i = 0; i < 4; i++) {
      model[i][0] = new double[] {y[i] - 0.01, y[i], y[i] + 0.01}; // a perfect median
      reference[i][0] = new double[] {-0.02, 0, 0.02};
    }
    List<ForecastEvaluation.Comparison> median =
        ForecastEvaluation.compare(
            "m", model, "ref", reference, test, new int[] {60}, q, new double[] {1}, 0.5);
    ForecastEvaluation.Comparison c = median.get(0);
    // Reference P50 losses: 0.5 * |y| = 0.005, 0.005, 0.01, 0 (mean 0.005); the model's are 0.
    assertThat(c.difference()).isCloseTo(-0.005, within(1e-9));
    assertThat(c.relative()).isCloseTo(-1.0, within(1e-6));
    assertThat(c.lag()).as("60 minutes of 30-minute samples").isEqualTo(2);
    assertThat(c.statistic()).isNegative();

    ForecastEvaluation.Comparison mean =
        ForecastEvaluation.compare(
                "m", model, "ref", reference, test, new int[] {60}, q, new double[] {1}, Double.NaN)
            .get(0);
    double modelMean = (0.1 * 0.01 + 0 + 0.1 * 0.01) / 3; // every sample alike
    double referenceMean = 0;
    for (float label : y) {
      referenceMean +=
          (ForecastEvaluation.pinball(label, -0.02, 0.1)
                  + ForecastEvaluation.pinball(label, 0, 0.5)
                  + ForecastEvaluation.pinball(label, 0.02, 0.9))
              / 3;
    }
    referenceMean /= 4;
    assertThat(mean.difference()).isCloseTo(modelMean - referenceMean, within(1e-9));
    assertThatThrownBy(
            () ->
                ForecastEvaluation.compare(
                    "m", model, "ref", reference, test, new int[] {60}, q, new double[] {1}, 0.25))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wilsonIntervalMatchesThePublishedFormula() {
    // 55 of 100: centre (0.55 + 1.92/100) / 1.0384, half 1.96 sqrt(0.2475/100 + 3.84/40000) /
    // 1.0384
    double[] ci = ForecastEvaluation.wilson(55, 100);
    assertThat(ci[0]).isCloseTo(0.4524, within(1e-3));
    assertThat(ci[1]).isCloseTo(0.6438, within(1e-3));
    assertThat(ForecastEvaluation.wilson(0, 0)[0]).isNaN();
  }

  @Test
  void baselinesPredictWhatTheyAreDefinedToPredict() {
    double[] q = {0.1, 0.5, 0.9};
    TftDataset.Samples train = samples(0.01f, -0.01f, 0.03f, -0.03f, 0.0f);
    TftDataset.Samples test = samples(0.0f, 0.0f);
    double[][][] persistence = QuantileBaselines.persistence(train, test, q, new double[] {1});
    double sd = Math.sqrt((0.0001 + 0.0001 + 0.0009 + 0.0009) / 5);
    assertThat(persistence[0][0][1]).isZero();
    assertThat(persistence[1][0][2]).isCloseTo(1.2815516 * sd, within(1e-6));
    assertThat(persistence[1][0][0]).isCloseTo(-1.2815516 * sd, within(1e-6));
    double[][][] historical = QuantileBaselines.historical(train, test, q, new double[] {1});
    // Sorted training returns: -0.03, -0.01, 0, 0.01, 0.03: floor(0.1*5)=0, floor(0.5*5)=2,
    // floor(0.9*5)=4.
    assertThat(historical[0][0]).containsExactly(new double[] {-0.03, 0.0, 0.03}, within(1e-6));
    List<ForecastEvaluation.Scores> scored =
        ForecastEvaluation.score(
            "persistence", persistence, test, new int[] {60}, q, new double[] {1});
    assertThat(scored.get(0).coverage()).isEqualTo(1.0);
  }

  @Test
  void anEnsembleIsTheElementWiseMeanAndRefusesMismatchedShapes() {
    double[][][] a = {{{-0.02, 0.0, 0.02}, {-0.04, 0.01, 0.05}}};
    double[][][] b = {{{-0.01, 0.01, 0.04}, {-0.06, -0.01, 0.03}}};
    double[][][] m = ForecastEvaluation.mean(List.of(a, b));
    assertThat(m[0][0]).containsExactly(new double[] {-0.015, 0.005, 0.03}, within(1e-12));
    assertThat(m[0][1]).containsExactly(new double[] {-0.05, 0.0, 0.04}, within(1e-12));
    assertThat(m[0][1]).isSorted();
    assertThat(ForecastEvaluation.mean(List.<double[][][]>of(a))[0][1]).containsExactly(a[0][1]);
    double[][][] shorter = {{{-0.01, 0.01, 0.04}}};
    assertThatThrownBy(() -> ForecastEvaluation.mean(List.of(a, shorter)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ForecastEvaluation.mean(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
