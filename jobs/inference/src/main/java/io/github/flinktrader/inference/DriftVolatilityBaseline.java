package io.github.flinktrader.inference;

import io.github.flinktrader.features.FeatureSpec;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.Forecast;

/**
 * BASELINE forecaster, not a learned model: a lognormal random walk whose drift is the mean
 * one-minute log return of the last 15 bars (damped) and whose volatility is the realised
 * volatility of the last 30 bars. It gives the rest of the pipeline honest quantile forecasts to
 * work with until the TFT is trained, and stays as the yardstick the TFT must beat.
 *
 * <p>For horizon h minutes: median = c * exp(damping * mu * h); quantile q = median * exp(z_q *
 * sigma * sqrt(h)), with mu = log_ret_15 / 15 and sigma = realized_vol_30 / sqrt(30).
 */
public final class DriftVolatilityBaseline implements Forecaster {

  public static final String VERSION = "baseline-drift-vol/1";

  private final int[] horizonsMinutes;
  private final double[] quantileLevels;
  private final double[] z;
  private final double damping;

  public DriftVolatilityBaseline(int[] horizonsMinutes, double[] quantileLevels, double damping) {
    this.horizonsMinutes = horizonsMinutes.clone();
    this.quantileLevels = quantileLevels.clone();
    this.z = new double[quantileLevels.length];
    for (int i = 0; i < quantileLevels.length; i++) {
      z[i] = NormalQuantile.of(quantileLevels[i]);
    }
    this.damping = damping;
  }

  /** The default configuration: horizons 1 h, 4 h, 24 h; quantiles 0.1, 0.5, 0.9. */
  public static Factory factory() {
    return factory(new int[] {60, 240, 1440}, new double[] {0.1, 0.5, 0.9}, 0.5);
  }

  public static Factory factory(int[] horizons, double[] quantiles, double damping) {
    return new BaselineFactory(horizons, quantiles, damping);
  }

  /** Builds one baseline per worker thread. */
  record BaselineFactory(int[] horizonsMinutes, double[] quantileLevels, double damping)
      implements Factory {
    @Override
    public Forecaster create() {
      return new DriftVolatilityBaseline(horizonsMinutes, quantileLevels, damping);
    }

    @Override
    public String modelVersion() {
      return VERSION;
    }
  }

  @Override
  public Forecast forecast(FeatureVector features) {
    if (!FeatureSpec.VERSION.equals(features.specVersion())
        || features.values().length != FeatureSpec.NAMES.size()) {
      // Reading another spec's vector by this spec's indexes would give a silently wrong forecast.
      throw new IllegalArgumentException(
          "features follow spec "
              + features.specVersion()
              + ", the baseline reads "
              + FeatureSpec.VERSION);
    }
    double[] f = features.values();
    double close = features.close().doubleValue();
    double mu = f[FeatureSpec.LOG_RET_15] / 15;
    double sigma = f[FeatureSpec.REALIZED_VOL_30] / Math.sqrt(30);
    if (!Double.isFinite(mu) || !Double.isFinite(sigma)) {
      throw new IllegalArgumentException("features are not warm: drift or volatility undefined");
    }
    double[] prices = new double[horizonsMinutes.length * quantileLevels.length];
    for (int h = 0; h < horizonsMinutes.length; h++) {
      double median = close * Math.exp(damping * mu * horizonsMinutes[h]);
      double spread = sigma * Math.sqrt(horizonsMinutes[h]);
      for (int q = 0; q < quantileLevels.length; q++) {
        prices[h * quantileLevels.length + q] = median * Math.exp(z[q] * spread);
      }
    }
    return new Forecast(
        features.symbol(),
        features.barEnd(),
        VERSION,
        features.close(),
        horizonsMinutes.clone(),
        quantileLevels.clone(),
        prices,
        false);
  }
}
