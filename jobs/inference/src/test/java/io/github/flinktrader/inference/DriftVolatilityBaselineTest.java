package io.github.flinktrader.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.flinktrader.features.FeatureSpec;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.Forecast;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DriftVolatilityBaselineTest {

  static FeatureVector features(double logRet15, double vol30) {
    double[] v = new double[FeatureSpec.NAMES.size()];
    v[FeatureSpec.LOG_RET_15] = logRet15;
    v[FeatureSpec.REALIZED_VOL_30] = vol30;
    return new FeatureVector(
        "BTCUSD", 1_385_337_660_000L, FeatureSpec.VERSION, new BigDecimal("100"), v, true);
  }

  @Test
  void normalQuantilesMatchTables() {
    assertThat(NormalQuantile.of(0.5)).isCloseTo(0, within(1e-9));
    assertThat(NormalQuantile.of(0.9)).isCloseTo(1.2815515655446004, within(1e-8));
    assertThat(NormalQuantile.of(0.1)).isCloseTo(-1.2815515655446004, within(1e-8));
    assertThat(NormalQuantile.of(0.975)).isCloseTo(1.959963984540054, within(1e-8));
    assertThat(NormalQuantile.of(0.001)).isCloseTo(-3.090232306167813, within(1e-7));
    assertThatThrownBy(() -> NormalQuantile.of(1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void quantilesFollowTheLognormalRandomWalkWithDampedDrift() throws Exception {
    Forecaster model = DriftVolatilityBaseline.factory().create();
    // mu = 0.015 / 15 = 0.001 per minute; sigma = 0.03 / sqrt(30) per minute.
    Forecast f = model.forecast(features(0.015, 0.03));
    assertThat(f.horizonsMinutes()).containsExactly(60, 240, 1440);
    double median1h = 100 * Math.exp(0.5 * 0.001 * 60);
    assertThat(f.price(0, 1)).isCloseTo(median1h, within(1e-9));
    double spread = 0.03 / Math.sqrt(30) * Math.sqrt(60);
    assertThat(f.price(0, 2))
        .isCloseTo(median1h * Math.exp(1.2815515655446004 * spread), within(1e-6));
    // wider at longer horizons
    assertThat(f.price(2, 2) - f.price(2, 0)).isGreaterThan(f.price(0, 2) - f.price(0, 0));
    assertThat(f.fallback()).isFalse();
    assertThat(f.modelVersion()).isEqualTo(DriftVolatilityBaseline.VERSION);
    assertThat(f.violation()).isEmpty();
  }

  @Test
  void refusesFeaturesThatAreNotWarm() throws Exception {
    Forecaster model = DriftVolatilityBaseline.factory().create();
    FeatureVector other = features(0.01, 0.03);
    assertThatThrownBy(
            () ->
                model.forecast(
                    new FeatureVector(
                        other.symbol(),
                        other.barEnd(),
                        "core/1",
                        other.close(),
                        other.values(),
                        true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("core/1");
    assertThatThrownBy(() -> model.forecast(features(Double.NaN, 0.03)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
