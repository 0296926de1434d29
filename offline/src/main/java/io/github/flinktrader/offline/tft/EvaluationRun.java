package io.github.flinktrader.offline.tft;

import io.github.flinktrader.features.FeatureSpecFile;
import io.github.flinktrader.inference.tft.TftConfig;
import io.github.flinktrader.inference.tft.TftDataset;
import io.github.flinktrader.inference.tft.TftModel;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.serde.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The TFT's evaluation pipeline: a registered version scored on the test range its training left
 * unseen, next to the named baselines (persistence, historical quantiles, linear quantile
 * regression), with Diebold-Mariano comparisons against persistence and what the model looked at.
 */
public final class EvaluationRun {

  /**
   * What one evaluation found.
   *
   * @param beatsPersistence P50 pinball below persistence at every horizon and 80% +/- 5% coverage
   * @param figures every figure of the evaluation, as the JSON report holds them
   */
  public record Result(
      TftModel.Card card,
      TftDataset.Split split,
      int samples,
      double[] quantiles,
      List<ForecastEvaluation.Scores> scores,
      List<ForecastEvaluation.Comparison> versusPersistence,
      double predictionsPerSecond,
      Map<String, Object> importance,
      boolean beatsPersistence,
      Map<String, Object> figures) {}

  private EvaluationRun() {}

  /** The split the card recorded at training. */
  public static TftDataset.Split split(TftModel.Card card) {
    @SuppressWarnings("unchecked")
    Map<String, Object> s =
        (Map<String, Object>) Json.mapper().convertValue(card.metadata().get("split"), Map.class);
    return new TftDataset.Split(
        ((Number) s.get("trainFrom")).longValue(),
        ((Number) s.get("validationFrom")).longValue(),
        ((Number) s.get("testFrom")).longValue(),
        ((Number) s.get("testTo")).longValue());
  }

  /**
   * Scores {@code model} on {@code bars}' test range.
   *
   * @param ensembleWith model directories trained on the same split: their mean with this model is
   *     scored too, as {@code ensemble-of-N}
   * @throws IllegalArgumentException when the model was trained on other features than this build
   *     computes, the bars hold no test sample, or an ensemble member does not match
   */
  public static Result run(
      TftModel model,
      Map<String, List<MinuteBar>> bars,
      FeatureSpecFile spec,
      List<Path> ensembleWith)
      throws Exception {
    TftModel.Card card = model.card();
    TftConfig c = card.config();
    if (!spec.version().equals(card.featureSpecVersion())) {
      throw new IllegalArgumentException(
          "model was trained on features "
              + card.featureSpecVersion()
              + ", this build computes "
              + spec.version());
    }
    TftDataset.Split split = split(card);
    long maxH = c.horizonsMinutes()[c.horizonsMinutes().length - 1] * 60_000L;
    TftDataset.Samples all = TftDataset.build(bars, spec, c, null).scaled(card.labelScales());
    TftDataset.Samples train = all.select(split.train(all, maxH));
    TftDataset.Samples test = all.select(split.test(all, maxH));
    if (test.size() == 0) {
      throw new IllegalArgumentException(
          "no test samples in the data given: evaluate on the data the model was trained with");
    }
    double[] q = c.quantiles();
    double[] scales = card.labelScales();
    int[] h = c.horizonsMinutes();
    long start = System.nanoTime();
    double[][][] tft = model.predictLogReturns(test);
    double seconds = (System.nanoTime() - start) / 1e9;
    List<ForecastEvaluation.Scores> scores = new ArrayList<>();
    scores.addAll(ForecastEvaluation.score(card.version(), tft, test, h, q, scales));
    if (card.calibration() != null) {
      // The network's own quantiles, before the calibration fitted on the validation range.
      scores.addAll(
          ForecastEvaluation.score(
              card.version() + " raw",
              model.predict(test, false, false).logReturns(),
              test,
              h,
              q,
              scales));
    }
    if (!ensembleWith.isEmpty()) {
      scores.addAll(
          ForecastEvaluation.score(
              "ensemble-of-" + (ensembleWith.size() + 1),
              ensembleMean(tft, ensembleWith, card, test),
              test,
              h,
              q,
              scales));
    }
    double[][][] persistence = QuantileBaselines.persistence(train, test, q, scales);
    scores.addAll(ForecastEvaluation.score("persistence", persistence, test, h, q, scales));
    scores.addAll(
        ForecastEvaluation.score(
            "historical-quantiles",
            QuantileBaselines.historical(train, test, q, scales),
            test,
            h,
            q,
            scales));
    scores.addAll(
        ForecastEvaluation.score(
            "linear-quantile",
            QuantileBaselines.linear(train, test, c.observedInputs().size(), q, scales, 42L),
            test,
            h,
            q,
            scales));
    List<ForecastEvaluation.Comparison> versus = new ArrayList<>();
    for (double level : new double[] {ForecastEvaluation.medianLevel(q), Double.NaN}) {
      versus.addAll(
          ForecastEvaluation.compare(
              card.version(), tft, "persistence", persistence, test, h, q, scales, level));
    }
    double perSecond = test.size() / seconds;
    Map<String, Object> importance = importance(model, test);
    boolean better = beatsPersistence(scores, card.version(), h.length);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", card.version());
    out.put("test_from", Instant.ofEpochMilli(split.testFrom()).toString());
    out.put("test_to", Instant.ofEpochMilli(split.testTo()).toString());
    out.put("samples", test.size());
    out.put("predictions_per_second", perSecond);
    out.put("training_seconds", card.metadata().get("training_seconds"));
    out.put("beats_persistence_and_calibrated", better);
    out.put("scores", ForecastEvaluation.json(scores, q));
    out.put("versus_persistence", ForecastEvaluation.comparisonJson(versus));
    out.put("interpretability", importance);
    return new Result(
        card, split, test.size(), q, scores, versus, perSecond, importance, better, out);
  }

  /**
   * What the TFT looked at over {@code test}: its encoder selection weights per input averaged over
   * samples and steps, decoder selection weights per known input, and its attention from the first
   * horizon's decoder position to each past bar, by lag.
   */
  static Map<String, Object> importance(TftModel model, TftDataset.Samples test) {
    TftConfig c = model.card().config();
    int l = c.contextLength();
    int v = c.encoderInputs();
    int k = c.knownInputs().size();
    int h = c.decoderSteps();
    double[] enc = new double[v];
    double[] dec = new double[k];
    double[] lag = new double[l];
    int batch = 256;
    for (int from = 0; from < test.size(); from += batch) {
      int[] rows =
          java.util.stream.IntStream.range(from, Math.min(test.size(), from + batch)).toArray();
      try (var m = model.djl().getNDManager().newSubManager()) {
        var out = model.forward(m, test.select(rows), false);
        float[] e = out.get(1).toFloatArray();
        float[] d = out.get(2).toFloatArray();
        float[] a = out.get(3).toFloatArray();
        for (int i = 0; i < e.length; i++) {
          enc[i % v] += e[i];
        }
        for (int i = 0; i < d.length; i++) {
          dec[i % k] += d[i];
        }
        for (int r = 0; r < rows.length; r++) {
          for (int p = 0; p < l; p++) {
            lag[l - 1 - p] += a[(r * h) * (l + h) + p];
          }
        }
      }
    }
    List<String> names = new ArrayList<>(c.observedInputs());
    names.addAll(c.knownInputs());
    Map<String, Double> encoder = new LinkedHashMap<>();
    java.util.stream.IntStream.range(0, v)
        .boxed()
        .sorted((x, y) -> Double.compare(enc[y], enc[x]))
        .forEach(i -> encoder.put(names.get(i), enc[i] / ((double) test.size() * l)));
    Map<String, Double> decoder = new LinkedHashMap<>();
    for (int i = 0; i < k; i++) {
      decoder.put(c.knownInputs().get(i), dec[i] / ((double) test.size() * h));
    }
    double[] byLag = Arrays.stream(lag).map(x -> x / test.size()).toArray();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("encoder_selection", encoder);
    out.put(
        "encoder_top",
        encoder.entrySet().stream()
            .limit(8)
            .map(e -> String.format(java.util.Locale.ROOT, "%s %.3f", e.getKey(), e.getValue()))
            .toList());
    out.put("decoder_selection", decoder);
    out.put("attention_by_lag", byLag);
    out.put(
        "attention_by_lag_first10",
        Arrays.stream(byLag)
            .limit(10)
            .mapToObj(x -> String.format(java.util.Locale.ROOT, "%.3f", x))
            .toList());
    return out;
  }

  /**
   * The element-wise mean of this model's quantiles and the other models' on the same samples (a
   * mean of non-decreasing quantile vectors stays non-decreasing); the others must share the
   * configuration, the label scales and the split.
   */
  private static double[][][] ensembleMean(
      double[][][] own, List<Path> others, TftModel.Card card, TftDataset.Samples test)
      throws Exception {
    List<double[][][]> forecasts = new ArrayList<>();
    forecasts.add(own);
    for (Path other : others) {
      try (TftModel m = TftModel.load(other)) {
        TftModel.Card oc = m.card();
        if (!Json.mapper().valueToTree(oc.config()).equals(Json.mapper().valueToTree(card.config()))
            || !Arrays.equals(oc.labelScales(), card.labelScales())
            || !java.util.Objects.equals(
                oc.metadata().get("split"), card.metadata().get("split"))) {
          throw new IllegalArgumentException(
              other + " was not trained on the same configuration, scales and split");
        }
        forecasts.add(m.predictLogReturns(test));
      }
    }
    return ForecastEvaluation.mean(forecasts);
  }

  /**
   * The goal of the TFT issue: P50 pinball below persistence at every horizon, 80% +/- 5% coverage.
   */
  public static boolean beatsPersistence(
      List<ForecastEvaluation.Scores> scores, String model, int horizons) {
    for (ForecastEvaluation.Scores s : scores) {
      if (!s.model().equals(model)) {
        continue;
      }
      ForecastEvaluation.Scores p =
          scores.stream()
              .filter(
                  x -> x.model().equals("persistence") && x.horizonMinutes() == s.horizonMinutes())
              .findFirst()
              .orElseThrow();
      int median = s.pinball().length / 2;
      if (s.pinball()[median] >= p.pinball()[median] || Math.abs(s.coverage() - 0.8) > 0.05) {
        return false;
      }
    }
    return true;
  }
}
