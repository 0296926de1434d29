package io.github.flinktrader.inference;

import io.github.flinktrader.records.FeatureVector;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The last feature vectors of one symbol, oldest first, as a model with a context window reads
 * them. {@code values} is row-major: step {@code i}'s features are {@code values[i * width, (i + 1)
 * * width)}; {@code close} is the close of the newest bar.
 *
 * @param liveVersion the model version announced for live forecasts ({@code v3}), null for the
 *     job's configured one
 * @param shadowVersion a candidate announced to run in shadow, or null
 */
public record FeatureWindow(
    String symbol,
    String specVersion,
    BigDecimal close,
    long[] barEnds,
    int width,
    double[] values,
    String liveVersion,
    String shadowVersion) {

  public int steps() {
    return barEnds.length;
  }

  public long barEnd() {
    return barEnds[barEnds.length - 1];
  }

  public double[] row(int step) {
    return Arrays.copyOfRange(values, step * width, (step + 1) * width);
  }

  /** The newest vector alone, for models that read one bar. */
  public FeatureVector latest() {
    return new FeatureVector(symbol, barEnd(), specVersion, close, row(steps() - 1), true);
  }

  /** This window with {@code v} appended, the oldest step dropped beyond {@code capacity}. */
  public FeatureWindow append(FeatureVector v, int capacity) {
    int keep = Math.min(steps(), capacity - 1);
    long[] ends = new long[keep + 1];
    double[] vals = new double[(keep + 1) * width];
    System.arraycopy(barEnds, steps() - keep, ends, 0, keep);
    System.arraycopy(values, (steps() - keep) * width, vals, 0, keep * width);
    ends[keep] = v.barEnd();
    System.arraycopy(v.values(), 0, vals, keep * width, width);
    return new FeatureWindow(symbol, v.specVersion(), v.close(), ends, width, vals, null, null);
  }

  public static FeatureWindow of(FeatureVector v) {
    return new FeatureWindow(
        v.symbol(),
        v.specVersion(),
        v.close(),
        new long[] {v.barEnd()},
        v.values().length,
        v.values().clone(),
        null,
        null);
  }

  /** This window with the model versions announced when it was made. */
  public FeatureWindow withVersions(String live, String shadow) {
    return new FeatureWindow(symbol, specVersion, close, barEnds, width, values, live, shadow);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureWindow w
        && symbol.equals(w.symbol)
        && specVersion.equals(w.specVersion)
        && close.equals(w.close)
        && width == w.width
        && Arrays.equals(barEnds, w.barEnds)
        && Arrays.equals(values, w.values)
        && java.util.Objects.equals(liveVersion, w.liveVersion)
        && java.util.Objects.equals(shadowVersion, w.shadowVersion);
  }

  @Override
  public int hashCode() {
    return 31 * symbol.hashCode() + Long.hashCode(barEnd());
  }

  @Override
  public String toString() {
    return "FeatureWindow[" + symbol + "@" + barEnd() + " " + steps() + " steps]";
  }
}
