package io.github.flinktrader.offline.data;

import io.github.flinktrader.features.FeatureCalculator;
import io.github.flinktrader.features.FeatureSpecFile;
import io.github.flinktrader.features.FeatureState;
import io.github.flinktrader.records.MinuteBar;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The feature spec's z-score statistics, fitted on the warm feature vectors of a bar history: what
 * {@code ./run tool feature-spec} writes into the spec file the jobs read.
 */
public final class FeatureNormalisation {

  private FeatureNormalisation() {}

  /** The spec with statistics over the warm feature vectors of the Bitstamp sample. */
  public static FeatureSpecFile fitOnBitstampSample() throws Exception {
    List<MinuteBar> bars;
    try (var in = BitstampSample.open()) {
      bars = OfflineBars.fromCsv(in, BitstampSample.SYMBOL, BitstampSample.SOURCE);
    }
    return fit(bars, "bitstamp BTCUSD minute bars");
  }

  /**
   * The spec with statistics over the warm feature vectors of {@code bars} (one symbol, in time
   * order), its range named {@code what} and the bars' first and last time.
   */
  public static FeatureSpecFile fit(List<MinuteBar> bars, String what) throws Exception {
    List<double[]> warm = new ArrayList<>();
    FeatureState state = FeatureState.empty();
    for (MinuteBar b : bars) {
      FeatureCalculator.Step step = FeatureCalculator.update(state, b);
      state = step.state();
      if (step.features().warm()) {
        warm.add(step.features().values());
      }
    }
    String range =
        what
            + " "
            + Instant.ofEpochMilli(bars.get(0).start())
            + " to "
            + Instant.ofEpochMilli(bars.get(bars.size() - 1).end());
    return FeatureSpecFile.load().withStatistics(warm, range);
  }
}
