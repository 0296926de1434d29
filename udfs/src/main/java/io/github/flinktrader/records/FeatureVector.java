package io.github.flinktrader.records;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Optional;

/**
 * Features of one symbol at the close of one bar, in the order the named spec version defines.
 *
 * @param barEnd end (exclusive) of the bar the features describe, epoch milliseconds
 * @param specVersion the feature specification the values follow
 * @param close the bar's close, the reference price for anything decided on these features
 * @param warm true once every feature has seen enough bars to be defined
 */
public record FeatureVector(
    String symbol, long barEnd, String specVersion, BigDecimal close, double[] values, boolean warm)
    implements Event {

  @Override
  public String key() {
    return symbol;
  }

  @Override
  public long eventTime() {
    return barEnd - 1;
  }

  @Override
  public Optional<String> violation() {
    return Checks.firstOf(
        Checks.symbol("symbol", symbol),
        Checks.positiveTime("barEnd", barEnd),
        Checks.notBlank("specVersion", specVersion),
        Checks.positive("close", close),
        values == null ? "values are missing" : null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureVector f
        && symbol.equals(f.symbol)
        && barEnd == f.barEnd
        && specVersion.equals(f.specVersion)
        && close.equals(f.close)
        && Arrays.equals(values, f.values)
        && warm == f.warm;
  }

  @Override
  public int hashCode() {
    return 31 * symbol.hashCode() + Long.hashCode(barEnd);
  }

  @Override
  public String toString() {
    return "FeatureVector[" + symbol + "@" + barEnd + " " + Arrays.toString(values) + "]";
  }
}
