package io.github.flinktrader.inference.tft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.flinktrader.features.FeatureSpecFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calibration on the validation range: median shrinkage and conformal quantile shifts. */
class CalibrationTest {

  static final double[] LEVELS = {0.1, 0.5, 0.9};

  @Test
  void aMedianWithoutSkillShrinksToPersistenceAndASkilledOneKeepsItsWeight() {
    Random r = new Random(3);
    int n = 600;
    double[][][] noSkill = new double[n][1][];
    double[][][] skilled = new double[n][1][];
    double[][] actual = new double[n][1];
    for (int i = 0; i < n; i++) {
      double signal = r.nextGaussian() * 0.01;
      actual[i][0] = signal + r.nextGaussian() * 0.001;
      double guess = r.nextGaussian() * 0.01; // unrelated to the outcome
      noSkill[i][0] = new double[] {guess - 0.02, guess, guess + 0.02};
      skilled[i][0] = new double[] {signal - 0.02, signal, signal + 0.02};
    }
    assertThat(Calibration.fit(noSkill, actual, LEVELS).medianShrink()[0]).isLessThan(0.15);
    assertThat(Calibration.fit(skilled, actual, LEVELS).medianShrink()[0]).isEqualTo(1.0);
  }

  @Test
  void shiftsBringEachQuantilesShareOfValidationLabelsToItsLevel() {
    Random r = new Random(5);
    int n = 2_000;
    double[][][] predicted = new double[n][1][];
    double[][] actual = new double[n][1];
    for (int i = 0; i < n; i++) {
      actual[i][0] = r.nextGaussian() * 0.01 + 0.003; // a drift the model does not see
      predicted[i][0] = new double[] {-0.004, 0, 0.004}; // far too narrow an interval
    }
    Calibration c = Calibration.fit(predicted, actual, LEVELS);
    assertThat(c.samples()).isEqualTo(n);
    assertThat(c.shifts()[0][1]).isZero();
    int below10 = 0;
    int below90 = 0;
    for (int i = 0; i < n; i++) {
      double[] q = c.apply(0, predicted[i][0], LEVELS);
      below10 += actual[i][0] < q[0] ? 1 : 0;
      below90 += actual[i][0] < q[2] ? 1 : 0;
    }
    assertThat(below10 / (double) n).isCloseTo(0.1, within(0.01));
    assertThat(below90 / (double) n).isCloseTo(0.9, within(0.01));
    // By hand: 1.2816 sd of N(0.003, 0.01) either side, less the model's 0.004 distance.
    assertThat(c.shifts()[0][2]).isCloseTo(0.003 + 0.012816 - 0.004, within(0.0015));
  }

  @Test
  void applyKeepsQuantilesInOrderAndTooFewSamplesFitNothing() {
    Calibration c = new Calibration(new double[] {0.5}, new double[][] {{0.02, 0, -0.03}}, 100);
    double[] q = c.apply(0, new double[] {-0.01, 0.002, 0.01}, LEVELS);
    assertThat(q).isSorted();
    // Median 0.5 * 0.002; P10 0.001 - 0.012 + 0.02; P90 0.001 + 0.008 - 0.03, which moved below
    // the others and comes first after sorting.
    assertThat(q[0]).isCloseTo(-0.021, within(1e-12));
    assertThat(q[1]).isCloseTo(0.001, within(1e-12));
    assertThat(q[2]).isCloseTo(0.009, within(1e-12));
    assertThat(Calibration.fit(new double[499][1][3], new double[499][1], LEVELS)).isNull();
  }

  @Test
  void aSavedCardKeepsItsCalibrationAndOldCardsLoadWithout(@TempDir Path dir) throws Exception {
    FeatureSpecFile spec = FeatureSpecFile.load();
    TftConfig config = TftForecasterTest.config(spec, List.of("BTCUSD"), 4, new int[] {60}, 16, 2);
    Calibration c = new Calibration(new double[] {0.25}, new double[][] {{-0.01, 0, 0.01}}, 77);
    try (TftModel m =
        TftModel.create(
            new TftModel.Card("tft/v1", config, spec.version(), new double[] {0.01}, Map.of())
                .withCalibration(c),
            1L)) {
      m.save(dir);
    }
    try (TftModel loaded = TftModel.load(dir)) {
      assertThat(loaded.card().calibration().medianShrink()).containsExactly(0.25);
      assertThat(loaded.card().calibration().shifts()[0]).containsExactly(-0.01, 0, 0.01);
      assertThat(loaded.card().config().stepwiseEncoder()).isTrue();
    }
    // A card written before calibration and the stepwise encoder existed.
    Path card = dir.resolve("tft.json");
    String json = Files.readString(card);
    String old =
        json.replaceAll("(?s),\\s*\"calibration\"\\s*:\\s*\\{.*?\\}\\s*(?=\\}\\s*$)", "")
            .replaceAll(",\\s*\"stepwiseEncoder\"\\s*:\\s*true", "");
    assertThat(old).doesNotContain("calibration").doesNotContain("stepwiseEncoder");
    Files.writeString(card, old);
    try (TftModel loaded = TftModel.load(dir)) {
      assertThat(loaded.card().calibration()).isNull();
      assertThat(loaded.card().config().stepwiseEncoder()).isFalse();
    }
  }
}
