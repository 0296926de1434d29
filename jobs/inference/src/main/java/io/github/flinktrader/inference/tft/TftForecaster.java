package io.github.flinktrader.inference.tft;

import io.github.flinktrader.features.FeatureSpecFile;
import io.github.flinktrader.inference.FeatureWindow;
import io.github.flinktrader.inference.Forecaster;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.Forecast;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Serves a registered TFT: each forecast reads the symbol's last {@code contextLength} feature
 * vectors, normalises them with the statistics stored beside the model, adds the calendar inputs as
 * in training, and turns the predicted log-return quantiles into prices. Every forecast carries the
 * model's version ({@code tft/v3}). Without enough history, for a symbol the model does not know,
 * or for vectors of another feature spec, it refuses, and the operator emits a flagged fallback.
 */
public final class TftForecaster implements Forecaster {

  private final TftModel model;
  private final FeatureSpecFile spec;

  TftForecaster(TftModel model, FeatureSpecFile spec) {
    this.model = model;
    this.spec = spec;
  }

  /** The registered version (or the latest approved one when {@code version} is null). */
  public static Factory factory(Path registry, String version) throws IOException {
    Path dir = new ModelRegistry(registry).resolve(ModelRegistryNames.TFT, version);
    try (TftModel m = TftModel.load(dir)) {
      TftConfig c = m.card().config();
      return new Factory(
          dir.toString(),
          m.card().version(),
          c.horizonsMinutes(),
          c.quantiles(),
          c.contextLength());
    }
  }

  /** Loads the model on each worker thread from its registry directory. */
  public record Factory(String dir, String version, int[] horizons, double[] quantiles, int context)
      implements Forecaster.Factory {
    @Override
    public Forecaster create() throws IOException {
      Path path = Path.of(dir);
      return new TftForecaster(
          TftModel.load(path), FeatureSpecFile.read(path.resolve("feature-spec.json")));
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

  @Override
  public Forecast forecast(FeatureVector features) {
    throw new IllegalArgumentException("the TFT reads a window of vectors, not one");
  }

  @Override
  public Forecast forecast(FeatureWindow w) {
    TftConfig c = model.card().config();
    int l = c.contextLength();
    if (!spec.version().equals(w.specVersion()) || w.width() != spec.names().size()) {
      throw new IllegalArgumentException(
          "features follow spec " + w.specVersion() + ", the model reads " + spec.version());
    }
    if (w.steps() < l) {
      throw new IllegalStateException(
          w.symbol() + " has " + w.steps() + " bars of history, the model reads " + l);
    }
    int symbol = c.symbols().indexOf(w.symbol());
    if (symbol < 0) {
      throw new IllegalArgumentException(w.symbol() + " is not one of the model's symbols");
    }
    int features = spec.names().size();
    int k = TftDataset.KNOWN.size();
    int v = features + k;
    int[] horizons = c.horizonsMinutes();
    long maxH = horizons[horizons.length - 1] * 60_000L;
    long decision = w.barEnd();
    float[] sym = new float[c.symbols().size()];
    sym[symbol] = 1f;
    float[] past = new float[l * v];
    int first = w.steps() - l;
    for (int step = 0; step < l; step++) {
      double[] x = spec.normalize(w.row(first + step));
      for (int f = 0; f < features; f++) {
        past[step * v + f] = Double.isFinite(x[f]) ? (float) x[f] : 0f;
      }
      long end = w.barEnds()[first + step];
      TftDataset.known(end, (end - decision) / (double) maxH, past, step * v + features);
    }
    float[] future = new float[horizons.length * k];
    for (int h = 0; h < horizons.length; h++) {
      TftDataset.known(
          decision + horizons[h] * 60_000L, horizons[h] * 60_000L / (double) maxH, future, h * k);
    }
    TftDataset.Samples one =
        new TftDataset.Samples(
            1,
            l,
            v,
            horizons.length,
            c.symbols().size(),
            sym,
            past,
            future,
            new float[horizons.length],
            new long[] {decision},
            new double[] {w.close().doubleValue()},
            new String[] {w.symbol()});
    double[][] q = model.predictLogReturns(one)[0];
    double close = w.close().doubleValue();
    double[] prices = new double[horizons.length * c.quantiles().length];
    for (int h = 0; h < horizons.length; h++) {
      for (int qi = 0; qi < c.quantiles().length; qi++) {
        prices[h * c.quantiles().length + qi] = close * Math.exp(q[h][qi]);
      }
    }
    return new Forecast(
        w.symbol(),
        decision,
        model.card().version(),
        w.close(),
        horizons.clone(),
        c.quantiles().clone(),
        prices,
        false);
  }

  @Override
  public void close() {
    model.close();
  }
}
