package io.github.flinktrader.records;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Optional;

/**
 * Quantile forecasts of one symbol's price for several horizons, made at the close of one bar.
 *
 * <p>{@code prices} is horizon-major: the price at quantile {@code q} for horizon {@code h} is
 * {@code prices[h * quantileLevels.length + q]}; use {@link #price(int, int)}.
 *
 * @param barEnd the close of the bar the forecast was made at, epoch milliseconds
 * @param modelVersion the model that produced it, e.g. {@code baseline-rw-vol/1}
 * @param referencePrice the last price the forecast is relative to
 * @param horizonsMinutes forecast horizons, ascending
 * @param quantileLevels quantile levels, ascending, e.g. 0.1, 0.5, 0.9
 * @param fallback true when the model could not answer and a defined fallback was emitted instead
 * @param explanation what the model says about this forecast (variable selection and attention
 *     weights), when it gives one and explanations are enabled; null otherwise
 */
public record Forecast(
    String symbol,
    long barEnd,
    String modelVersion,
    BigDecimal referencePrice,
    int[] horizonsMinutes,
    double[] quantileLevels,
    double[] prices,
    boolean fallback,
    ForecastExplanation explanation)
    implements Event {

  /** A forecast without an explanation. */
  public Forecast(
      String symbol,
      long barEnd,
      String modelVersion,
      BigDecimal referencePrice,
      int[] horizonsMinutes,
      double[] quantileLevels,
      double[] prices,
      boolean fallback) {
    this(
        symbol,
        barEnd,
        modelVersion,
        referencePrice,
        horizonsMinutes,
        quantileLevels,
        prices,
        fallback,
        null);
  }

  /** This forecast with {@code e} as its explanation. */
  public Forecast withExplanation(ForecastExplanation e) {
    return new Forecast(
        symbol,
        barEnd,
        modelVersion,
        referencePrice,
        horizonsMinutes,
        quantileLevels,
        prices,
        fallback,
        e);
  }

  @Override
  public String key() {
    return symbol;
  }

  @Override
  public long eventTime() {
    return barEnd - 1;
  }

  public double price(int horizonIndex, int quantileIndex) {
    return prices[horizonIndex * quantileLevels.length + quantileIndex];
  }

  /** Index of the quantile level closest to {@code level}. */
  public int quantileIndex(double level) {
    int best = 0;
    for (int i = 1; i < quantileLevels.length; i++) {
      if (Math.abs(quantileLevels[i] - level) < Math.abs(quantileLevels[best] - level)) {
        best = i;
      }
    }
    return best;
  }

  @Override
  public Optional<String> violation() {
    Optional<String> basic =
        Checks.firstOf(
            Checks.symbol("symbol", symbol),
            Checks.positiveTime("barEnd", barEnd),
            Checks.notBlank("modelVersion", modelVersion),
            Checks.positive("referencePrice", referencePrice),
            horizonsMinutes == null || horizonsMinutes.length == 0 ? "no horizons" : null,
            quantileLevels == null || quantileLevels.length == 0 ? "no quantile levels" : null,
            prices == null ? "prices are missing" : null);
    if (basic.isPresent()) {
      return basic;
    }
    if (prices.length != horizonsMinutes.length * quantileLevels.length) {
      return Optional.of("prices has " + prices.length + " values, expected horizons x quantiles");
    }
    for (double p : prices) {
      if (!Double.isFinite(p)) {
        return Optional.of("a forecast price is not finite");
      }
    }
    if (explanation != null) {
      return explanation.violation();
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Forecast f
        && symbol.equals(f.symbol)
        && barEnd == f.barEnd
        && modelVersion.equals(f.modelVersion)
        && referencePrice.equals(f.referencePrice)
        && Arrays.equals(horizonsMinutes, f.horizonsMinutes)
        && Arrays.equals(quantileLevels, f.quantileLevels)
        && Arrays.equals(prices, f.prices)
        && fallback == f.fallback
        && java.util.Objects.equals(explanation, f.explanation);
  }

  @Override
  public int hashCode() {
    return 31 * symbol.hashCode() + Long.hashCode(barEnd);
  }

  @Override
  public String toString() {
    return "Forecast["
        + symbol
        + "@"
        + barEnd
        + " "
        + modelVersion
        + " ref="
        + referencePrice
        + " "
        + Arrays.toString(prices)
        + (fallback ? " FALLBACK" : "")
        + (explanation == null ? "" : " " + explanation)
        + "]";
  }
}
