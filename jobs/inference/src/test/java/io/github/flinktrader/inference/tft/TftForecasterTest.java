package io.github.flinktrader.inference.tft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.flinktrader.features.FeatureSpec;
import io.github.flinktrader.features.FeatureSpecFile;
import io.github.flinktrader.inference.FeatureWindow;
import io.github.flinktrader.inference.Forecaster;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.records.ForecastExplanation;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registered TFT served from the registry, as the inference job's workers load it. */
class TftForecasterTest {

  static final int L = 6;

  /** A TFT configuration on the feature spec, quantiles 0.1/0.5/0.9, no dropout. */
  static TftConfig config(
      FeatureSpecFile spec,
      List<String> symbols,
      int context,
      int[] horizons,
      int hidden,
      int heads) {
    return new TftConfig(
        symbols,
        spec.names(),
        TftDataset.KNOWN,
        context,
        horizons,
        new double[] {0.1, 0.5, 0.9},
        hidden,
        heads,
        0f);
  }

  @Test
  void servesTheApprovedVersionFromTheRegistryWithItsVersionOnEveryForecast(@TempDir Path root)
      throws Exception {
    FeatureSpecFile spec = FeatureSpecFile.load();
    TftConfig config = config(spec, List.of("BTCUSD"), L, new int[] {60, 240}, 16, 2);
    ModelRegistry registry = new ModelRegistry(root);
    for (int i = 0; i < 2; i++) {
      Path dir = registry.newVersion(ModelRegistryNames.TFT);
      String version = ModelRegistryNames.TFT + "/" + dir.getFileName();
      try (TftModel m =
          TftModel.create(
              new TftModel.Card(
                  version, config, spec.version(), new double[] {0.004, 0.008}, Map.of()),
              3L + i)) {
        ModelRegistry.store(dir, m, spec);
      }
    }
    registry.approve(ModelRegistryNames.TFT, "v1");

    Forecaster.Factory factory = TftForecaster.factory(root, null);
    assertThat(factory.modelVersion()).isEqualTo("tft/v1"); // v2 exists but is not approved
    assertThat(factory.contextLength()).isEqualTo(L);
    assertThat(TftForecaster.factory(root, "v2").modelVersion()).isEqualTo("tft/v2");

    Random r = new Random(1);
    FeatureWindow w = null;
    long t0 = 1_385_337_600_000L;
    for (int i = 0; i < L; i++) {
      double[] values = new double[FeatureSpec.NAMES.size()];
      for (int f = 0; f < values.length; f++) {
        values[f] = r.nextGaussian() * 0.01;
      }
      FeatureVector v =
          new FeatureVector(
              "BTCUSD", t0 + i * 60_000L, spec.version(), new BigDecimal("800"), values, true);
      FeatureWindow next = w == null ? FeatureWindow.of(v) : w.append(v, L);
      if (i < L - 1) {
        FeatureWindow partial = next;
        try (Forecaster model = factory.create()) {
          assertThatThrownBy(() -> model.forecast(partial)).hasMessageContaining("bars of history");
        }
      }
      w = next;
    }
    try (Forecaster model = factory.create()) {
      Forecast f = model.forecast(w);
      assertThat(f.modelVersion()).isEqualTo("tft/v1");
      assertThat(f.fallback()).isFalse();
      assertThat(f.barEnd()).isEqualTo(t0 + (L - 1) * 60_000L);
      assertThat(f.violation()).isEmpty();
      for (int h = 0; h < 2; h++) {
        assertThat(f.price(h, 0)).isLessThanOrEqualTo(f.price(h, 1));
        assertThat(f.price(h, 1)).isLessThanOrEqualTo(f.price(h, 2));
      }
      FeatureWindow other =
          new FeatureWindow(
              "ETHUSD", w.specVersion(), w.close(), w.barEnds(), w.width(), w.values(), null, null);
      assertThatThrownBy(() -> model.forecast(other))
          .hasMessageContaining("not one of the model's symbols");
    }
  }

  @Test
  void cachedStepSelectionsGiveTheFullForwardPassesForecasts() throws Exception {
    FeatureSpecFile spec = FeatureSpecFile.load();
    TftConfig config = config(spec, List.of("BTCUSD", "ETHUSD"), L, new int[] {60, 240}, 32, 2);
    assertThat(config.stepwiseEncoder()).isTrue();
    Random r = new Random(7);
    long t0 = 1_385_337_600_000L;
    try (TftModel m =
        TftModel.create(
            new TftModel.Card(
                "tft/cache", config, spec.version(), new double[] {0.004, 0.008}, Map.of()),
            5L)) {
      TftForecaster cached = new TftForecaster(m, spec, true);
      TftForecaster full = new TftForecaster(m, spec, false);
      FeatureWindow btc = null;
      FeatureWindow eth = null;
      int compared = 0;
      for (int i = 0; i < 3 * L; i++) {
        btc = next(btc, "BTCUSD", t0 + i * 60_000L, r, spec);
        eth = next(eth, "ETHUSD", t0 + i * 60_000L, r, spec);
        if (btc.steps() < L) {
          continue;
        }
        // A corrected bar: the same bar end with other values must not be served from the cache.
        List<FeatureWindow> batch =
            i == 2 * L ? List.of(btc, eth, corrected(btc)) : List.of(btc, eth);
        Forecast[] a = cached.forecast(batch);
        Forecast[] b = full.forecast(batch);
        for (int k = 0; k < batch.size(); k++) {
          for (int j = 0; j < b[k].prices().length; j++) {
            assertThat(a[k].prices()[j]).isCloseTo(b[k].prices()[j], within(1e-6 * 800));
          }
          compared++;
        }
      }
      assertThat(compared).isEqualTo(2 * (2 * L + 1) + 1);
      long[] counts = cached.cacheCounts();
      // Selected afresh: every step of the first windows, then one new bar per symbol and window,
      // the corrected bar, and its original once more in the next window (the correction had
      // replaced it). Everything else came from the cache.
      assertThat(counts[1]).isEqualTo(2L * L + 2L * (2 * L) + 2);
      assertThat(counts[0] + counts[1]).isEqualTo((long) compared * L);
    }
  }

  @Test
  void explanationsCarryEachForecastsSelectionAndCausalAttention() throws Exception {
    FeatureSpecFile spec = FeatureSpecFile.load();
    TftConfig config =
        config(spec, List.of("BTCUSD", "ETHUSD"), L, new int[] {60, 240, 1440}, 32, 4);
    Random r = new Random(11);
    long t0 = 1_385_337_600_000L;
    try (TftModel m =
        TftModel.create(
            new TftModel.Card(
                "tft/explain", config, spec.version(), new double[] {0.004, 0.008, 0.02}, Map.of()),
            9L)) {
      TftForecaster cached = new TftForecaster(m, spec, true).explaining(true);
      TftForecaster full = new TftForecaster(m, spec, false).explaining(true);
      TftForecaster plain = new TftForecaster(m, spec, true);
      FeatureWindow btc = null;
      FeatureWindow eth = null;
      for (int i = 0; i < L + 2; i++) {
        btc = next(btc, "BTCUSD", t0 + i * 60_000L, r, spec);
        eth = next(eth, "ETHUSD", t0 + i * 60_000L, r, spec);
      }
      List<FeatureWindow> batch = List.of(btc, eth);
      Forecast[] a = cached.forecast(batch);
      Forecast[] b = full.forecast(batch);
      assertThat(plain.forecast(batch)[0].explanation()).isNull();
      int h = 3;
      for (int k = 0; k < 2; k++) {
        ForecastExplanation e = a[k].explanation();
        assertThat(e).isNotNull();
        assertThat(a[k].violation()).isEmpty();
        assertThat(e.pastInputs()).hasSize(config.encoderInputs());
        assertThat(e.pastInputs()[0]).isEqualTo(spec.names().get(0));
        assertThat(e.futureInputs()).containsExactlyElementsOf(TftDataset.KNOWN);
        assertThat(Arrays.stream(e.pastWeights()).sum()).isCloseTo(1.0, within(1e-4));
        assertThat(Arrays.stream(e.latestWeights()).sum()).isCloseTo(1.0, within(1e-4));
        for (int hi = 0; hi < h; hi++) {
          double future = 0;
          for (int j = 0; j < TftDataset.KNOWN.size(); j++) {
            future += e.futureWeights()[hi * TftDataset.KNOWN.size() + j];
          }
          assertThat(future).isCloseTo(1.0, within(1e-4));
          double attention = 0;
          for (int pos = 0; pos < L + h; pos++) {
            double w = e.attention()[hi * (L + h) + pos];
            attention += w;
            if (pos > L + hi) {
              // A horizon never attends to a later horizon's position.
              assertThat(w).as("horizon %d, position %d", hi, pos).isLessThan(1e-6);
            }
          }
          assertThat(attention).isCloseTo(1.0, within(1e-4));
        }
        // The cached selections explain the forecast as the full forward pass does.
        ForecastExplanation f = b[k].explanation();
        for (int i = 0; i < e.pastWeights().length; i++) {
          assertThat(e.pastWeights()[i]).isCloseTo(f.pastWeights()[i], within(1e-5));
          assertThat(e.latestWeights()[i]).isCloseTo(f.latestWeights()[i], within(1e-5));
        }
        for (int i = 0; i < e.attention().length; i++) {
          assertThat(e.attention()[i]).isCloseTo(f.attention()[i], within(1e-5));
        }
      }
      // Two symbols' forecasts are explained differently (not one explanation for the batch).
      assertThat(a[0].explanation().latestWeights())
          .isNotEqualTo(a[1].explanation().latestWeights());
    }
  }

  private static FeatureWindow corrected(FeatureWindow w) {
    double[] values = w.values().clone();
    values[values.length - 1] += 0.5;
    return new FeatureWindow(
        w.symbol(), w.specVersion(), w.close(), w.barEnds(), w.width(), values, null, null);
  }

  private static FeatureWindow next(
      FeatureWindow w, String symbol, long end, Random r, FeatureSpecFile spec) {
    double[] values = new double[FeatureSpec.NAMES.size()];
    for (int f = 0; f < values.length; f++) {
      values[f] = r.nextGaussian() * 0.01;
    }
    FeatureVector v =
        new FeatureVector(symbol, end, spec.version(), new BigDecimal("800"), values, true);
    return w == null ? FeatureWindow.of(v) : w.append(v, L);
  }

  @Test
  void theInferenceJobServesItWithFallbacksUntilASymbolHasItsHistory(@TempDir Path root)
      throws Exception {
    FeatureSpecFile spec = FeatureSpecFile.load();
    TftConfig config = config(spec, List.of("BTCUSD"), L, new int[] {60, 240}, 16, 2);
    Path dir = new ModelRegistry(root).newVersion(ModelRegistryNames.TFT);
    try (TftModel m =
        TftModel.create(
            new TftModel.Card(
                "tft/v1", config, spec.version(), new double[] {0.004, 0.008}, Map.of()),
            5L)) {
      ModelRegistry.store(dir, m, spec);
    }
    new ModelRegistry(root).approve(ModelRegistryNames.TFT, "v1");

    List<io.github.flinktrader.serde.RawRecord> input = new java.util.ArrayList<>();
    long t0 = 1_385_337_600_000L;
    Random r = new Random(2);
    for (int i = 0; i < L + 3; i++) {
      double[] values = new double[FeatureSpec.NAMES.size()];
      for (int f = 0; f < values.length; f++) {
        values[f] = r.nextGaussian() * 0.01;
      }
      FeatureVector v =
          new FeatureVector(
              "BTCUSD", t0 + i * 60_000L, spec.version(), new BigDecimal("800"), values, true);
      input.add(
          new io.github.flinktrader.serde.RawRecord(
              "features", 0, i, v.eventTime(), io.github.flinktrader.serde.Json.write(v)));
    }
    var env =
        io.github.flinktrader.testing.BoundedJobs.environment(
            io.github.flinktrader.inference.InferenceJob.NAME);
    var out =
        io.github.flinktrader.inference.InferenceJob.defineWorkflow(
            env.fromData(
                    input,
                    org.apache.flink.api.common.typeinfo.TypeInformation.of(
                        io.github.flinktrader.serde.RawRecord.class))
                .uid("test-source"),
            null,
            io.github.flinktrader.inference.InferenceJob.Options.serving(
                    TftForecaster.factory(root, null).withExplanations(true))
                .withForecasting(
                    io.github.flinktrader.inference.InferenceJob.Batching.FORECASTS.withTimeoutMs(
                        30_000)));
    var forecasts = out.forecasts().collectAsync();
    env.execute("inference-tft-test");
    List<Forecast> all = new java.util.ArrayList<>();
    forecasts.forEachRemaining(all::add);

    assertThat(all).hasSize(L + 3);
    assertThat(all).allSatisfy(f -> assertThat(f.modelVersion()).isEqualTo("tft/v1"));
    assertThat(all.subList(0, L - 1)).allSatisfy(f -> assertThat(f.fallback()).isTrue());
    assertThat(all.subList(L - 1, L + 3)).allSatisfy(f -> assertThat(f.fallback()).isFalse());
    // With explanations on, each model forecast carries its own through the job (fallbacks have
    // nothing to explain).
    assertThat(all.subList(L - 1, L + 3)).allSatisfy(f -> assertThat(f.explanation()).isNotNull());
    assertThat(all.subList(0, L - 1)).allSatisfy(f -> assertThat(f.explanation()).isNull());
    assertThat(all.get(L).explanation()).isNotEqualTo(all.get(L - 1).explanation());
  }
}
