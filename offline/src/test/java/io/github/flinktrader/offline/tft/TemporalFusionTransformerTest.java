package io.github.flinktrader.offline.tft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.flinktrader.inference.tft.TftConfig;
import io.github.flinktrader.inference.tft.TftDataset;
import io.github.flinktrader.inference.tft.TftModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The network on CPU: shapes, causal masking, learning known quantiles, save/load, modes. */
class TemporalFusionTransformerTest {

  static final int L = 8;
  static final int OBSERVED = 3;
  static final int H = 2;
  static final double[] Q = {0.1, 0.5, 0.9};

  static TftConfig config(float dropout) {
    return new TftConfig(
        List.of("AAA", "BBB"),
        List.of("x0", "x1", "x2"),
        TftDataset.KNOWN,
        L,
        new int[] {60, 240},
        Q,
        16,
        2,
        dropout);
  }

  static TftModel model(float dropout) {
    return TftModel.create(
        new TftModel.Card("test/1", config(dropout), "synthetic", new double[] {1, 1}, Map.of()),
        11L);
  }

  /**
   * y_h = 0.8 x0(last step) + sigma_h z with sigma = (0.5, 1.0), z standard normal: the true
   * quantiles are known, so the learned P10-P90 interval should cover about 80%.
   */
  static TftDataset.Samples synthetic(int n, long seed) {
    Random r = new Random(seed);
    int v = OBSERVED + TftDataset.KNOWN.size();
    int k = TftDataset.KNOWN.size();
    float[] sym = new float[n * 2];
    float[] past = new float[n * L * v];
    float[] fut = new float[n * H * k];
    float[] y = new float[n * H];
    long[] t = new long[n];
    double[] c = new double[n];
    String[] so = new String[n];
    for (int i = 0; i < n; i++) {
      int s = r.nextInt(2);
      sym[i * 2 + s] = 1;
      for (int step = 0; step < L; step++) {
        for (int f = 0; f < v; f++) {
          past[(i * L + step) * v + f] = (float) r.nextGaussian();
        }
      }
      for (int j = 0; j < H * k; j++) {
        fut[i * H * k + j] = (float) r.nextGaussian();
      }
      float x0 = past[(i * L + L - 1) * v];
      y[i * H] = (float) (0.8 * x0 + 0.5 * r.nextGaussian());
      y[i * H + 1] = (float) (0.8 * x0 + 1.0 * r.nextGaussian());
      t[i] = i;
      c[i] = 100;
      so[i] = s == 0 ? "AAA" : "BBB";
    }
    return new TftDataset.Samples(n, L, v, H, 2, sym, past, fut, y, t, c, so);
  }

  @Test
  void outputsHaveTheirShapesAndSelectionWeightsSumToOne() {
    try (TftModel m = model(0.1f);
        NDManager nd = m.djl().getNDManager().newSubManager()) {
      NDList out = m.forward(nd, synthetic(5, 1), false);
      assertThat(out.get(0).getShape().getShape()).containsExactly(5, H, Q.length);
      assertThat(out.get(1).getShape().getShape()).containsExactly(5, L, OBSERVED + 5);
      assertThat(out.get(2).getShape().getShape()).containsExactly(5, H, 5);
      assertThat(out.get(3).getShape().getShape()).containsExactly(5, H, L + H);
      for (int i = 1; i <= 3; i++) {
        for (float s : out.get(i).sum(new int[] {2}).toFloatArray()) {
          assertThat(s).isCloseTo(1f, within(1e-4f));
        }
      }
    }
  }

  @Test
  void noDecoderStepSeesALaterOne() {
    try (TftModel m = model(0f);
        NDManager nd = m.djl().getNDManager().newSubManager()) {
      TftDataset.Samples a = synthetic(3, 2);
      float[] changed = a.future().clone();
      int k = TftDataset.KNOWN.size();
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < k; j++) {
          changed[(i * H + 1) * k + j] += 5f; // only the second (later) decoder step
        }
      }
      TftDataset.Samples b =
          new TftDataset.Samples(
              3,
              L,
              a.encoderInputs(),
              H,
              2,
              a.symbols(),
              a.past(),
              changed,
              a.labels(),
              a.decisionTimes(),
              a.closes(),
              a.symbolOf());
      NDArray ya = m.forward(nd, a, false).get(0);
      NDArray yb = m.forward(nd, b, false).get(0);
      float[] fa = ya.toFloatArray();
      float[] fb = yb.toFloatArray();
      for (int i = 0; i < 3; i++) {
        for (int q = 0; q < Q.length; q++) {
          int first = (i * H) * Q.length + q;
          int second = (i * H + 1) * Q.length + q;
          assertThat(fb[first]).as("first step unchanged").isCloseTo(fa[first], within(1e-5f));
          assertThat(fb[second])
              .as("second step sees its own input")
              .isNotCloseTo(fa[second], within(1e-4f));
        }
      }
      float[] attention = m.forward(nd, a, false).get(3).toFloatArray();
      for (int i = 0; i < 3; i++) {
        // The first decoder position (index L) gives no weight to the later one (index L + 1).
        assertThat(attention[(i * H) * (L + H) + L + 1]).isZero();
      }
    }
  }

  @Test
  void learnsKnownQuantilesAndTheIntervalCoversAboutEightyPercent() throws Exception {
    TftDataset.Samples train = synthetic(3000, 3);
    TftDataset.Samples validation = synthetic(600, 4);
    try (TftModel m = model(0.05f)) {
      PinballLoss loss = new PinballLoss(Q);
      double before = TftTrainer.evaluate(m, validation, loss);
      TftTrainer.Result result =
          TftTrainer.train(
              m, train, validation, new TftTrainer.Options(8, 64, 3e-3f, 3, 7L, 40), null);
      double after = TftTrainer.evaluate(m, validation, loss);

      assertThat(after).isLessThan(before * 0.7);
      assertThat(result.bestValidationLoss()).isCloseTo(after, within(1e-6));
      double[][][] p = m.predictLogReturns(validation);
      int covered = 0;
      for (int i = 0; i < validation.size(); i++) {
        for (int h = 0; h < H; h++) {
          double y = validation.labels()[i * H + h];
          covered += y >= p[i][h][0] && y <= p[i][h][2] ? 1 : 0;
        }
      }
      double coverage = covered / (double) (validation.size() * H);
      assertThat(coverage).isBetween(0.70, 0.90);
    }
  }

  @Test
  void cutsTheLearningRateAfterEachValidationPlateau() throws Exception {
    try (TftModel m = model(0.05f)) {
      float initial = 0.05f;
      TftTrainer.Result result =
          TftTrainer.train(
              m,
              synthetic(600, 8),
              synthetic(200, 9),
              new TftTrainer.Options(7, 32, initial, 100, 3L, 6, 1),
              null);

      // The rule replayed on the validation losses: a cut after each epoch that neither
      // improves on the best nor follows a cut or an improvement within the plateau (1 epoch).
      List<Double> v = result.validationLosses();
      List<Float> expected = new java.util.ArrayList<>();
      float rate = initial;
      double best = Double.POSITIVE_INFINITY;
      int bestEpoch = 0;
      int lastCut = 0;
      for (int e = 1; e <= v.size(); e++) {
        expected.add(rate);
        if (v.get(e - 1) < best - 1e-6) {
          best = v.get(e - 1);
          bestEpoch = e;
        } else if (e - Math.max(bestEpoch, lastCut) >= 1) {
          rate *= TftTrainer.LR_CUT;
          lastCut = e;
        }
      }
      assertThat(result.epochs()).isEqualTo(7);
      assertThat(result.learningRates()).containsExactlyElementsOf(expected);
      assertThat(rate)
          .as("at least one plateau was met, so the rule was exercised")
          .isLessThan(initial);
    }
  }

  @Test
  void savedAndLoadedGivesTheSameForecastsAndInferenceModeEqualsTrainingModeWithoutDropout(
      @TempDir Path dir) throws Exception {
    TftDataset.Samples s = synthetic(16, 5);
    try (TftModel m = model(0f)) {
      TftTrainer.train(
          m,
          synthetic(256, 6),
          synthetic(64, 7),
          new TftTrainer.Options(1, 32, 1e-3f, 1, 1L, 4),
          null);
      float[] inference;
      float[] training;
      try (NDManager nd = m.djl().getNDManager().newSubManager()) {
        inference = m.forward(nd, s, false).get(0).toFloatArray();
        training = m.forward(nd, s, true).get(0).toFloatArray();
      }
      assertThat(training).containsExactly(inference, within(1e-5f));
      m.save(dir);
      try (TftModel loaded = TftModel.load(dir);
          NDManager nd = loaded.djl().getNDManager().newSubManager()) {
        assertThat(loaded.card().config().hidden()).isEqualTo(16);
        assertThat(loaded.forward(nd, s, false).get(0).toFloatArray())
            .containsExactly(inference, within(1e-6f));
      }
    }
  }
}
