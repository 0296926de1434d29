package io.github.flinktrader.inference.tft;

import io.github.flinktrader.features.FeatureSpecFile;
import io.github.flinktrader.inference.FeatureWindow;
import io.github.flinktrader.inference.Forecaster;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.records.ForecastExplanation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a registered TFT: each forecast reads the symbol's last {@code contextLength} feature
 * vectors, normalises them with the statistics stored beside the model, adds the calendar inputs as
 * in training, and turns the predicted log-return quantiles into prices. Every forecast carries the
 * model's version ({@code tft/v3}). Without enough history, for a symbol the model does not know,
 * or for vectors of another feature spec, it refuses, and the operator emits a flagged fallback.
 */
public final class TftForecaster implements Forecaster {

  private static final Logger LOG = LoggerFactory.getLogger(TftForecaster.class);

  private final TftModel model;
  private final FeatureSpecFile spec;
  private final StepCache cache;
  private final java.util.Map<String, Integer> symbolIndex = new java.util.HashMap<>();
  private boolean explain;

  /**
   * With the step cache unless {@code -Dflinktrader.tft.stepCache=false} (the benchmark's
   * comparison, or to rule the cache out when diagnosing).
   */
  TftForecaster(TftModel model, FeatureSpecFile spec) {
    this(
        model, spec, Boolean.parseBoolean(System.getProperty("flinktrader.tft.stepCache", "true")));
  }

  /**
   * {@code cached}: whether a stepwise model reuses each bar's encoder selection (about 30 KB per
   * symbol at context 60; the model knows a fixed list of symbols, which bounds it).
   */
  TftForecaster(TftModel model, FeatureSpecFile spec, boolean cached) {
    this.model = model;
    this.spec = spec;
    List<String> known = model.card().config().symbols();
    for (int i = 0; i < known.size(); i++) {
      symbolIndex.put(known.get(i), i);
    }
    this.cache =
        cached && model.card().config().stepwiseEncoder()
            ? new StepCache(model.card().config().symbols().size())
            : null;
  }

  /** The registered version (or the latest approved one when {@code version} is null). */
  public static Factory factory(Path registry, String version) throws IOException {
    Path dir = new ModelRegistry(registry).resolve(ModelRegistryNames.TFT, version);
    try (TftModel m = TftModel.load(dir)) {
      TftConfig c = m.card().config();
      return new Factory(
          registry.toString(),
          dir.toString(),
          m.card().version(),
          c.horizonsMinutes(),
          c.quantiles(),
          c.contextLength(),
          false);
    }
  }

  /**
   * Loads the model on each worker thread from its registry directory.
   *
   * @param explain whether every forecast carries its {@link ForecastExplanation}
   */
  public record Factory(
      String registry,
      String dir,
      String version,
      int[] horizons,
      double[] quantiles,
      int context,
      boolean explain)
      implements Forecaster.Factory {
    @Override
    public Factory forVersion(String other) throws IOException {
      return TftForecaster.factory(Path.of(registry), other).withExplanations(explain);
    }

    /** This factory with explanations on every forecast, or without. */
    public Factory withExplanations(boolean on) {
      return new Factory(registry, dir, version, horizons, quantiles, context, on);
    }

    @Override
    public Forecaster create() throws IOException {
      return create("cpu");
    }

    /** The model on the slot's device: {@code cpu} or {@code gpu:<index>}. */
    @Override
    public Forecaster create(String device) throws IOException {
      Path path = Path.of(dir);
      return new TftForecaster(
              TftModel.load(path, ai.djl.Device.fromName(device)),
              FeatureSpecFile.read(path.resolve(ModelRegistry.SPEC_FILE)))
          .explaining(explain);
    }

    @Override
    public String modelVersion() {
      return version;
    }

    @Override
    public int[] horizonsMinutes() {
      return horizons.clone();
    }

    @Override
    public double[] quantileLevels() {
      return quantiles.clone();
    }

    @Override
    public int contextLength() {
      return context;
    }
  }

  /** Whether forecasts carry their explanation; this forecaster. */
  TftForecaster explaining(boolean on) {
    this.explain = on;
    return this;
  }

  @Override
  public Forecast forecast(FeatureVector features) {
    throw new IllegalArgumentException("the TFT reads a window of vectors, not one");
  }

  @Override
  public Forecast forecast(FeatureWindow w) {
    String problem = problem(w);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return forecast(List.of(w))[0];
  }

  /** Why the model cannot forecast {@code w}, or null when it can. */
  String problem(FeatureWindow w) {
    TftConfig c = model.card().config();
    if (!spec.version().equals(w.specVersion()) || w.width() != spec.names().size()) {
      return "features follow spec " + w.specVersion() + ", the model reads " + spec.version();
    }
    if (w.steps() < c.contextLength()) {
      return w.symbol()
          + " has "
          + w.steps()
          + " bars of history, the model reads "
          + c.contextLength();
    }
    if (!symbolIndex.containsKey(w.symbol())) {
      return w.symbol() + " is not one of the model's symbols";
    }
    return null;
  }

  /** One forward pass for every window the model can read; null for the others. */
  @Override
  public Forecast[] forecast(List<FeatureWindow> batch) {
    TftConfig c = model.card().config();
    int l = c.contextLength();
    int features = spec.names().size();
    int k = TftDataset.KNOWN.size();
    int v = features + k;
    int[] horizons = c.horizonsMinutes();
    int h = horizons.length;
    int s = c.symbols().size();
    long maxH = horizons[h - 1] * 60_000L;
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      String problem = problem(batch.get(i));
      if (problem == null) {
        rows.add(i);
      } else {
        LOG.debug("no TFT forecast for {}: {}", batch.get(i), problem);
      }
    }
    int n = rows.size();
    float[] sym = new float[n * s];
    float[] past = new float[n * l * v];
    float[] future = new float[n * h * k];
    long[] decisions = new long[n];
    double[] closes = new double[n];
    String[] symbols = new String[n];
    long[] ends = new long[n * l];
    for (int r = 0; r < n; r++) {
      FeatureWindow w = batch.get(rows.get(r));
      long decision = w.barEnd();
      sym[r * s + symbolIndex.get(w.symbol())] = 1f;
      int first = w.steps() - l;
      for (int step = 0; step < l; step++) {
        double[] x = spec.normalize(w.row(first + step));
        int at = (r * l + step) * v;
        for (int f = 0; f < features; f++) {
          past[at + f] = Double.isFinite(x[f]) ? (float) x[f] : 0f;
        }
        long end = w.barEnds()[first + step];
        ends[r * l + step] = end;
        TftDataset.known(end, c.pastOffset(end, decision), past, at + features);
      }
      for (int hi = 0; hi < h; hi++) {
        TftDataset.known(
            decision + horizons[hi] * 60_000L,
            horizons[hi] * 60_000L / (double) maxH,
            future,
            (r * h + hi) * k);
      }
      decisions[r] = decision;
      closes[r] = w.close().doubleValue();
      symbols[r] = w.symbol();
    }
    Forecast[] out = new Forecast[batch.size()];
    if (n > 0) {
      TftModel.Prediction p =
          cache != null
              ? predictStepwise(n, sym, past, ends, symbols, future)
              : model.predict(
                  new TftDataset.Samples(
                      n,
                      l,
                      v,
                      h,
                      s,
                      sym,
                      past,
                      future,
                      new float[n * h],
                      decisions,
                      closes,
                      symbols),
                  explain);
      double[][][] q = p.logReturns();
      int nq = c.quantiles().length;
      for (int r = 0; r < n; r++) {
        FeatureWindow w = batch.get(rows.get(r));
        double[] prices = new double[h * nq];
        for (int hi = 0; hi < h; hi++) {
          for (int qi = 0; qi < nq; qi++) {
            prices[hi * nq + qi] = closes[r] * Math.exp(q[r][hi][qi]);
          }
        }
        out[rows.get(r)] =
            new Forecast(
                w.symbol(),
                w.barEnd(),
                model.card().version(),
                w.close(),
                horizons.clone(),
                c.quantiles().clone(),
                prices,
                false,
                explain ? explanation(p, r) : null);
      }
    }
    return out;
  }

  /**
   * The forward pass with each bar's encoder selection taken from the cache, computed (in one call
   * for the whole batch) only for bars this instance has not selected yet.
   */
  private TftModel.Prediction predictStepwise(
      int n, float[] sym, float[] past, long[] ends, String[] symbols, float[] future) {
    TftConfig c = model.card().config();
    int l = c.contextLength();
    int v = c.encoderInputs();
    int d = c.hidden();
    int s = c.symbols().size();
    float[] selected = new float[n * l * d];
    float[] weights = new float[n * l * v];
    List<Integer> missing = new ArrayList<>();
    for (int idx = 0; idx < n * l; idx++) {
      StepCache.Step step = cache.get(symbols[idx / l], ends[idx], past, idx * v, v);
      if (step == null) {
        missing.add(idx);
      } else {
        System.arraycopy(step.mixed(), 0, selected, idx * d, d);
        System.arraycopy(step.weights(), 0, weights, idx * v, v);
      }
    }
    if (!missing.isEmpty()) {
      int m = missing.size();
      float[] stepSymbols = new float[m * s];
      float[] steps = new float[m * v];
      for (int j = 0; j < m; j++) {
        int idx = missing.get(j);
        System.arraycopy(sym, (idx / l) * s, stepSymbols, j * s, s);
        System.arraycopy(past, idx * v, steps, j * v, v);
      }
      float[][] result = model.selectSteps(stepSymbols, steps, m);
      for (int j = 0; j < m; j++) {
        int idx = missing.get(j);
        System.arraycopy(result[0], j * d, selected, idx * d, d);
        System.arraycopy(result[1], j * v, weights, idx * v, v);
        cache.put(
            symbols[idx / l],
            ends[idx],
            new StepCache.Step(
                Arrays.copyOfRange(steps, j * v, (j + 1) * v),
                Arrays.copyOfRange(result[0], j * d, (j + 1) * d),
                Arrays.copyOfRange(result[1], j * v, (j + 1) * v)));
      }
    }
    for (int r = 0; r < n; r++) {
      cache.trim(symbols[r], ends[r * l]);
    }
    return model.predict(sym, selected, weights, future, n, explain);
  }

  /** Row {@code r}'s interpretability outputs, as a forecast carries them. */
  private ForecastExplanation explanation(TftModel.Prediction p, int r) {
    TftConfig c = model.card().config();
    int l = c.contextLength();
    int v = c.encoderInputs();
    int h = c.decoderSteps();
    int k = c.knownInputs().size();
    double[] mean = new double[v];
    double[] latest = new double[v];
    for (int step = 0; step < l; step++) {
      for (int i = 0; i < v; i++) {
        double w = p.pastWeights()[(r * l + step) * v + i];
        mean[i] += w / l;
        if (step == l - 1) {
          latest[i] = w;
        }
      }
    }
    List<String> inputs = new ArrayList<>(c.observedInputs());
    inputs.addAll(c.knownInputs());
    return new ForecastExplanation(
        inputs.toArray(String[]::new),
        mean,
        latest,
        c.knownInputs().toArray(String[]::new),
        doubles(p.futureWeights(), r * h * k, h * k),
        l,
        doubles(p.attention(), r * h * (l + h), h * (l + h)));
  }

  private static double[] doubles(float[] values, int from, int length) {
    double[] out = new double[length];
    for (int i = 0; i < length; i++) {
      out[i] = values[from + i];
    }
    return out;
  }

  /** Bars whose selection came from the cache, and bars selected afresh, since this was made. */
  long[] cacheCounts() {
    return cache == null ? new long[2] : new long[] {cache.hits(), cache.misses()};
  }

  @Override
  public void close() {
    model.close();
  }
}
