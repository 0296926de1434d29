package io.github.flinktrader.inference;

import io.github.flinktrader.records.Forecast;
import java.util.Arrays;

/**
 * The async inference operator ({@link AsyncInference}) serving a {@link Forecaster}: feature
 * windows in, a live forecast (and a shadow model's, if one runs) out. Its fallback is the last
 * close for every quantile and horizon, flagged; a smoke prediction must be finite.
 */
public final class AsyncForecast extends AsyncInference<FeatureWindow, Forecast, ForecastPair> {

  private static final long serialVersionUID = 1L;

  /** One request per batch, as before batching existed: for models that gain nothing from it. */
  public AsyncForecast(Forecaster.Factory factory, int workers) {
    this(factory, workers, 1, 0);
  }

  public AsyncForecast(Forecaster.Factory factory, int workers, int maxBatch, long maxDelayMs) {
    super(factory, new ForecastServing(), workers, maxBatch, maxDelayMs);
  }

  /**
   * Forecasts: versions announced on the windows, the pair as output, the last close as fallback.
   */
  static final class ForecastServing
      implements AsyncInference.Serving<FeatureWindow, Forecast, ForecastPair> {

    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
      return "forecast";
    }

    @Override
    public String liveVersion(FeatureWindow w) {
      return w.liveVersion();
    }

    @Override
    public String shadowVersion(FeatureWindow w) {
      return w.shadowVersion();
    }

    @Override
    public ForecastPair output(FeatureWindow w, Forecast live, Forecast shadow) {
      return new ForecastPair(live, shadow);
    }

    @Override
    public Forecast fallback(FeatureWindow w, BatchModel.Factory<FeatureWindow, Forecast> model) {
      return AsyncForecast.fallback(w, (Forecaster.Factory) model);
    }

    @Override
    public void smokeCheck(Forecast answer) {
      if (!Arrays.stream(answer.prices()).allMatch(Double::isFinite)) {
        throw new IllegalStateException("smoke prediction is not finite");
      }
    }
  }

  /** The defined answer when the model cannot give one: no move, no spread, flagged. */
  static Forecast fallback(FeatureWindow features, Forecaster.Factory factory) {
    int[] horizons = factory.horizonsMinutes();
    double[] quantiles = factory.quantileLevels();
    double[] prices = new double[horizons.length * quantiles.length];
    Arrays.fill(prices, features.close().doubleValue());
    return new Forecast(
        features.symbol(),
        features.barEnd(),
        factory.modelVersion(),
        features.close(),
        horizons.clone(),
        quantiles.clone(),
        prices,
        true);
  }
}
