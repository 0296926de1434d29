package io.github.flinktrader.offline.tft;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import io.github.flinktrader.inference.tft.TftConfig;
import io.github.flinktrader.inference.tft.TftDataset;
import io.github.flinktrader.inference.tft.TftModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains a {@link TftModel} with the pinball loss, Adam and gradient clipping, on shuffled
 * mini-batches (a seeded shuffle; DJL's engine seeded too, so a run is repeatable), evaluating the
 * validation loss after each epoch, cutting the learning rate to {@link #LR_CUT} of itself when it
 * has not improved for {@code lrPlateau} epochs (again after as many more), and stopping when it
 * has not improved for {@code patience} epochs; the best epoch's parameters are the ones kept.
 */
public final class TftTrainer {

  /** What a plateau multiplies the learning rate by. */
  public static final float LR_CUT = 0.3f;

  /** How to train. */
  public record Options(
      int maxEpochs,
      int batchSize,
      float learningRate,
      int patience,
      long seed,
      int maxStepsPerEpoch,
      int lrPlateau) {
    public static Options defaults() {
      return new Options(30, 64, 1e-3f, 4, 42L, Integer.MAX_VALUE, 0);
    }

    /** The same with a constant learning rate. */
    public Options(
        int maxEpochs,
        int batchSize,
        float learningRate,
        int patience,
        long seed,
        int maxStepsPerEpoch) {
      this(maxEpochs, batchSize, learningRate, patience, seed, maxStepsPerEpoch, 0);
    }
  }

  /** Where training is, for a progress display. */
  public record Progress(
      int epoch, int step, int stepsPerEpoch, double trainLoss, Double validationLoss) {}

  /** What training did. */
  public record Result(
      int epochs,
      int bestEpoch,
      double bestValidationLoss,
      List<Double> trainLosses,
      List<Double> validationLosses,
      List<Float> learningRates,
      long millis) {}

  private TftTrainer() {}

  public static Result train(
      TftModel tft,
      TftDataset.Samples train,
      TftDataset.Samples validation,
      Options o,
      Consumer<Progress> progress)
      throws IOException {
    Engine.getInstance().setRandomSeed((int) o.seed());
    Random random = new Random(o.seed());
    TftConfig c = tft.card().config();
    Model model = tft.djl();
    PinballLoss loss = new PinballLoss(c.quantiles());
    PlateauRate rate = new PlateauRate(o.learningRate());
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(loss)
            .optOptimizer(Adam.builder().optLearningRateTracker(rate).optClipGrad(1f).build());
    long start = System.currentTimeMillis();
    Path best = Files.createTempDirectory("tft-best");
    List<Double> trainLosses = new ArrayList<>();
    List<Double> validationLosses = new ArrayList<>();
    List<Float> learningRates = new ArrayList<>();
    int lastCut = 0;
    double bestLoss = Double.POSITIVE_INFINITY;
    int bestEpoch = -1;
    int epoch = 0;
    try (Trainer trainer = model.newTrainer(config)) {
      int n = train.size();
      int steps = Math.min(o.maxStepsPerEpoch(), Math.max(1, n / o.batchSize()));
      for (epoch = 1; epoch <= o.maxEpochs(); epoch++) {
        int[] order = shuffled(n, random);
        double sum = 0;
        for (int step = 0; step < steps; step++) {
          int[] rows = new int[Math.min(o.batchSize(), n)];
          for (int i = 0; i < rows.length; i++) {
            rows[i] = order[(step * o.batchSize() + i) % n];
          }
          TftDataset.Samples batch = train.select(rows);
          try (NDManager m = trainer.getManager().newSubManager()) {
            NDList inputs = TftModel.inputs(m, c, batch);
            NDArray labels =
                m.create(
                    batch.labels(), new ai.djl.ndarray.types.Shape(rows.length, c.decoderSteps()));
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDList predictions = trainer.forward(inputs);
              NDArray l = loss.evaluate(new NDList(labels), predictions);
              gc.backward(l);
              sum += l.getFloat();
            }
            trainer.step();
          }
          if (progress != null) {
            progress.accept(new Progress(epoch, step + 1, steps, sum / (step + 1), null));
          }
        }
        double validationLoss = evaluate(tft, validation, loss);
        trainLosses.add(sum / steps);
        validationLosses.add(validationLoss);
        learningRates.add(rate.value);
        if (progress != null) {
          progress.accept(new Progress(epoch, steps, steps, sum / steps, validationLoss));
        }
        if (validationLoss < bestLoss - 1e-6) {
          bestLoss = validationLoss;
          bestEpoch = epoch;
          model.save(best, TftModel.NAME);
        } else if (epoch - bestEpoch >= o.patience()) {
          break;
        } else if (o.lrPlateau() > 0 && epoch - Math.max(bestEpoch, lastCut) >= o.lrPlateau()) {
          rate.value *= LR_CUT;
          lastCut = epoch;
        }
      }
    }
    try {
      model.load(best, TftModel.NAME);
    } catch (ai.djl.MalformedModelException e) {
      throw new IOException("cannot restore the best epoch's parameters", e);
    }
    return new Result(
        Math.min(epoch, o.maxEpochs()),
        bestEpoch,
        bestLoss,
        trainLosses,
        validationLosses,
        learningRates,
        System.currentTimeMillis() - start);
  }

  /** The mean pinball loss over {@code samples} in inference mode. */
  public static double evaluate(TftModel tft, TftDataset.Samples samples, PinballLoss loss) {
    TftConfig c = tft.card().config();
    double sum = 0;
    int batch = 256;
    for (int from = 0; from < samples.size(); from += batch) {
      int to = Math.min(samples.size(), from + batch);
      int[] rows = new int[to - from];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = from + i;
      }
      TftDataset.Samples s = samples.select(rows);
      try (NDManager m = tft.djl().getNDManager().newSubManager()) {
        NDList out = tft.forward(m, s, false);
        NDArray labels =
            m.create(s.labels(), new ai.djl.ndarray.types.Shape(rows.length, c.decoderSteps()));
        sum += loss.evaluate(new NDList(labels), out).getFloat() * rows.length;
      }
    }
    return sum / Math.max(1, samples.size());
  }

  /** Adam's learning rate, lowered between epochs on a validation plateau. */
  private static final class PlateauRate implements Tracker {
    volatile float value;

    PlateauRate(float value) {
      this.value = value;
    }

    @Override
    public float getNewValue(int numUpdate) {
      return value;
    }
  }

  private static int[] shuffled(int n, Random random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
