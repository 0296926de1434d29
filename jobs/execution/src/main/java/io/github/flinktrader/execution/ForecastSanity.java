package io.github.flinktrader.execution;

import io.github.flinktrader.records.Forecast;
import java.util.Optional;

/**
 * Whether a forecast is fit to size an order from, before the strategy sees it: a model that
 * misbehaves (crossed quantiles, a median a million times the price) must produce no order at all,
 * not a large one. The structure must hold (levels ascending in (0, 1), horizons ascending and
 * positive, prices positive and ordered by quantile at every horizon), and each horizon's median
 * must lie within a band around the reference price: {@link RiskLimits#forecastBandSigmas()}
 * realized one-minute volatilities x sqrt(horizon), at most {@link RiskLimits#forecastMaxMove()}
 * (that cap alone until the volatility is known). (A reference price far from the market's last
 * close is the gate's price collar, a rejected decision.)
 */
final class ForecastSanity {

  /** The narrowest band: the volatility of a quiet minute says little about an hour. */
  static final double MIN_MOVE = 0.01;

  private ForecastSanity() {}

  /** Why {@code f} is implausible for this symbol's book, or empty when it may be traded on. */
  static Optional<String> violation(Forecast f, RiskBook.SymbolBook sb, RiskLimits limits) {
    double[] levels = f.quantileLevels();
    for (int q = 0; q < levels.length; q++) {
      if (!(levels[q] > 0 && levels[q] < 1) || (q > 0 && levels[q] <= levels[q - 1])) {
        return Optional.of("quantile levels must ascend within (0, 1)");
      }
    }
    int[] horizons = f.horizonsMinutes();
    for (int h = 0; h < horizons.length; h++) {
      if (horizons[h] <= 0 || (h > 0 && horizons[h] <= horizons[h - 1])) {
        return Optional.of("horizons must be positive and ascending");
      }
    }
    double reference = f.referencePrice().doubleValue();
    boolean volatilityKnown = sb.bars >= limits.volatilityMinBars() && sb.ewVariance > 0;
    double sigma = Math.sqrt(sb.ewVariance);
    int median = f.quantileIndex(0.5);
    for (int h = 0; h < horizons.length; h++) {
      for (int q = 0; q < levels.length; q++) {
        double p = f.price(h, q);
        if (!(p > 0)) {
          return Optional.of("a forecast price is not positive: " + p);
        }
        if (q > 0 && p < f.price(h, q - 1)) {
          return Optional.of(
              "quantiles cross at "
                  + horizons[h]
                  + " min: P"
                  + Math.round(levels[q - 1] * 100)
                  + " "
                  + f.price(h, q - 1)
                  + " is above P"
                  + Math.round(levels[q] * 100)
                  + " "
                  + p);
        }
      }
      double band =
          volatilityKnown
              ? Math.min(
                  limits.forecastMaxMove(),
                  Math.max(MIN_MOVE, limits.forecastBandSigmas() * sigma * Math.sqrt(horizons[h])))
              : limits.forecastMaxMove();
      double move = Math.abs(Math.log(f.price(h, median) / reference));
      if (!(move <= band)) {
        return Optional.of(
            String.format(
                "the %d-min median %.6g is %.2f%% from the reference price %s, beyond the band of"
                    + " %.2f%%",
                horizons[h],
                f.price(h, median),
                100 * (Math.exp(move) - 1),
                f.referencePrice().toPlainString(),
                100 * band));
      }
    }
    return Optional.empty();
  }
}
