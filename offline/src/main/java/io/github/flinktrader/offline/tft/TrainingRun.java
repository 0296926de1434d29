package io.github.flinktrader.offline.tft;

import io.github.flinktrader.features.FeatureSpecFile;
import io.github.flinktrader.inference.tft.Calibration;
import io.github.flinktrader.inference.tft.ModelRegistry;
import io.github.flinktrader.inference.tft.ModelRegistryNames;
import io.github.flinktrader.inference.tft.TftConfig;
import io.github.flinktrader.inference.tft.TftDataset;
import io.github.flinktrader.inference.tft.TftModel;
import io.github.flinktrader.records.MinuteBar;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The TFT's training pipeline: samples from the bars, a chronological split with an embargo of the
 * longest horizon, label scales from the training range only, training with early stopping, an
 * optional calibration on the validation range, and the new version stored in the registry. The
 * test range is never read here.
 */
public final class TrainingRun {

  /** The registry name of the TFT. */
  public static final String MODEL = ModelRegistryNames.TFT;

  /**
   * What to train.
   *
   * @param context past bars the encoder reads
   * @param horizons horizons in minutes, ascending
   * @param quantiles quantile levels, ascending
   * @param trainFraction share of the decision times trained on
   * @param validationFraction share used for early stopping (and calibration); the rest is tested
   * @param calibrate fit a calibration on the validation range and serve with it
   * @param mirror also train on each symbol's mirrored price path (every log return negated)
   */
  public record Settings(
      int context,
      int[] horizons,
      double[] quantiles,
      int hidden,
      int heads,
      float dropout,
      TftTrainer.Options training,
      double trainFraction,
      double validationFraction,
      boolean calibrate,
      boolean mirror) {}

  /**
   * What one run produced.
   *
   * @param calibration null when none was asked for, or too few validation samples were there
   */
  public record Result(
      TftModel.Card card,
      Path dir,
      String version,
      TftDataset.Split split,
      TftTrainer.Result training,
      Calibration calibration) {}

  private TrainingRun() {}

  /**
   * Trains a new version on {@code bars} and stores it in {@code registry}.
   *
   * @param metadata what the caller knows of the run (the data, the revision), kept on the card
   * @param log one line per step, for the person who started the run
   */
  public static Result run(
      Map<String, List<MinuteBar>> bars,
      FeatureSpecFile spec,
      Settings s,
      Path registry,
      boolean approve,
      Map<String, Object> metadata,
      Consumer<TftTrainer.Progress> progress,
      Consumer<String> log)
      throws Exception {
    TftConfig config =
        new TftConfig(
            bars.keySet().stream().sorted().toList(),
            spec.names(),
            TftDataset.KNOWN,
            s.context(),
            s.horizons(),
            s.quantiles(),
            s.hidden(),
            s.heads(),
            s.dropout());
    long maxH = s.horizons()[s.horizons().length - 1] * 60_000L;
    TftDataset.Samples raw = TftDataset.build(bars, spec, config, null);
    TftDataset.Split split = TftDataset.split(raw, s.trainFraction(), s.validationFraction(), maxH);
    TftDataset.Samples trainRaw = raw.select(split.train(raw, maxH));
    double[] scales = TftDataset.labelScales(trainRaw);
    TftDataset.Samples all = raw.scaled(scales);
    TftDataset.Samples train = all.select(split.train(all, maxH));
    TftDataset.Samples validation = all.select(split.validation(all, maxH));
    int realTrain = train.size();
    if (s.mirror()) {
      // The mirrored path over the same training range only: validation and test stay real.
      TftDataset.Samples mirrored =
          TftDataset.build(TftDataset.mirrored(bars), spec, config, null).scaled(scales);
      train = train.concat(mirrored.select(split.train(mirrored, maxH)));
    }
    log.accept(
        String.format(
            "samples: %,d train%s [%s, %s), %,d validation, %,d test (from %s)",
            train.size(),
            s.mirror() ? " (" + realTrain + " real, the rest mirrored)" : "",
            Instant.ofEpochMilli(split.trainFrom()),
            Instant.ofEpochMilli(split.validationFrom()),
            validation.size(),
            split.test(all, maxH).length,
            Instant.ofEpochMilli(split.testFrom())));
    Map<String, Object> meta = new LinkedHashMap<>(metadata);
    meta.put("split", split);
    meta.put("seed", s.training().seed());
    meta.put("mirrored_paths", s.mirror());
    meta.put("trained_at", Instant.now().toString());
    TftModel model =
        TftModel.create(
            new TftModel.Card(MODEL + "/pending", config, spec.version(), scales, meta),
            s.training().seed());
    TftTrainer.Result result = TftTrainer.train(model, train, validation, s.training(), progress);
    Path dir = new ModelRegistry(registry).newVersion(MODEL);
    String version = dir.getFileName().toString();
    meta.put("epochs", result.epochs());
    meta.put("best_epoch", result.bestEpoch());
    meta.put("validation_pinball", result.bestValidationLoss());
    meta.put("train_losses", result.trainLosses());
    meta.put("validation_losses", result.validationLosses());
    meta.put("learning_rates", result.learningRates());
    meta.put("training_seconds", result.millis() / 1000.0);
    meta.put("train_samples", train.size());
    // Calibrated on the validation range, which early stopping has already read: the test range
    // stays unseen.
    Calibration calibration = s.calibrate() ? Calibration.fit(model, validation) : null;
    TftModel.Card card =
        new TftModel.Card(MODEL + "/" + version, config, spec.version(), scales, meta)
            .withCalibration(calibration);
    try (TftModel registered = model.withCard(card)) {
      ModelRegistry.store(dir, registered, spec);
    }
    if (approve) {
      new ModelRegistry(registry).approve(MODEL, version);
    }
    return new Result(card, dir, version, split, result, calibration);
  }
}
