package io.github.flinktrader.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.flinktrader.features.FeatureSpec;
import io.github.flinktrader.features.FeatureSpecFile;
import org.junit.jupiter.api.Test;

/** The spec file beside the code describes exactly what the calculator computes, and is current. */
class FeatureSpecFileTest {

  @Test
  void specFileMatchesTheCalculator() {
    FeatureSpecFile spec = FeatureSpecFile.load();
    assertThat(spec.version()).isEqualTo(FeatureSpec.VERSION);
    assertThat(spec.warmupBars()).isEqualTo(FeatureSpec.WARMUP_BARS);
    assertThat(spec.names()).isEqualTo(FeatureSpec.NAMES);
    assertThat(spec.names()).hasSizeGreaterThanOrEqualTo(32);
    for (FeatureSpecFile.Feature f : spec.features()) {
      assertThat(f.formula()).as(f.name()).isNotBlank();
      assertThat(f.unit()).as(f.name()).isNotBlank();
      assertThat(f.windowBars()).as(f.name()).isBetween(1, FeatureSpec.WARMUP_BARS);
    }
  }

  @Test
  void storedNormalisationStatisticsAreReproducedFromTheSample() throws Exception {
    FeatureSpecFile stored = FeatureSpecFile.load();
    FeatureSpecFile fitted =
        io.github.flinktrader.offline.data.FeatureNormalisation.fitOnBitstampSample();
    assertThat(stored.normalization())
        .as("run: flink-trader feature-spec --write ...")
        .isEqualTo(fitted.normalization());
    for (int i = 0; i < stored.features().size(); i++) {
      var s = stored.features().get(i);
      var f = fitted.features().get(i);
      assertThat(s.mean())
          .as(s.name())
          .isCloseTo(f.mean(), within(1e-9 * Math.max(1, Math.abs(f.mean()))));
      assertThat(s.std())
          .as(s.name())
          .isCloseTo(f.std(), within(1e-9 * Math.max(1, Math.abs(f.std()))));
    }
    // The stored means normalise to zero, mean + std to one (std 0 is treated as 1).
    double[] means =
        stored.features().stream().mapToDouble(FeatureSpecFile.Feature::mean).toArray();
    double[] plusOneStd =
        stored.features().stream()
            .mapToDouble(f -> f.mean() + (f.std() > 0 ? f.std() : 1))
            .toArray();
    for (double z : stored.normalize(means)) {
      assertThat(z).isCloseTo(0, within(1e-12));
    }
    for (double z : stored.normalize(plusOneStd)) {
      assertThat(z).isCloseTo(1, within(1e-9));
    }
  }
}
