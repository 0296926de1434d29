package io.github.flinktrader.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.serde.Json;
import io.github.flinktrader.serde.RawRecord;
import io.github.flinktrader.testing.BoundedJobs;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The inference topology on bounded input in a local Flink cluster, with well- and ill-behaved
 * models.
 */
class AsyncForecastTest {

  /** Hangs on minutes that are 5 modulo 12, fails on the other odd minutes, answers otherwise. */
  record Flaky(int[] horizonsMinutes, double[] quantileLevels) implements Forecaster.Factory {
    @Override
    public Forecaster create() throws Exception {
      Forecaster good = DriftVolatilityBaseline.factory().create();
      return features -> {
        long minute = features.barEnd() / 60_000;
        if (minute % 12 == 5) {
          Thread.sleep(2_000);
        } else if (minute % 2 == 1) {
          throw new IllegalStateException("model exploded");
        }
        return good.forecast(features);
      };
    }

    @Override
    public String modelVersion() {
      return DriftVolatilityBaseline.VERSION;
    }
  }

  @Test
  void errorsAndTimeoutsBecomeFlaggedFallbacksAndNothingIsLost() throws Exception {
    List<RawRecord> input = new ArrayList<>();
    long base = 1_385_337_600_000L; // minute 23,088,960: 0 modulo 12
    for (int i = 1; i <= 12; i++) {
      input.add(raw(i, DriftVolatilityBaselineTest.features(0.01, 0.02), base + i * 60_000L));
    }
    input.add(new RawRecord("features", 0, 99, base, "{\"symbol\":".getBytes()));
    var notWarm = DriftVolatilityBaselineTest.features(0.01, 0.02);
    input.add(
        raw(
            100,
            new FeatureVector(
                notWarm.symbol(),
                base + 3_600_000,
                notWarm.specVersion(),
                notWarm.close(),
                notWarm.values(),
                false),
            base));

    StreamExecutionEnvironment env = BoundedJobs.environment(InferenceJob.NAME);
    var out =
        InferenceJob.defineWorkflow(
            env.fromData(input, TypeInformation.of(RawRecord.class)).uid("test-source"),
            null,
            InferenceJob.Options.serving(
                    new Flaky(new int[] {60, 240, 1440}, new double[] {0.1, 0.5, 0.9}))
                // One request per model call: a hung call would time out its whole batch.
                .withForecasting(
                    InferenceJob.Batching.FORECASTS.withTimeoutMs(500).withBatch(1, 0)));
    var forecasts = out.forecasts().collectAsync();
    var dead = out.deadLetters().collectAsync();
    env.execute("inference-test");

    List<Forecast> all = new ArrayList<>();
    forecasts.forEachRemaining(all::add);
    assertThat(all).hasSize(12); // one per warm feature vector, in input order
    for (Forecast f : all) {
      long minute = f.barEnd() / 60_000;
      boolean shouldFail = minute % 2 == 1;
      assertThat(f.fallback()).as("minute %d", minute).isEqualTo(shouldFail);
      if (f.fallback()) {
        for (double p : f.prices()) {
          assertThat(p).isEqualTo(100.0);
        }
      }
    }
    assertThat(all).extracting(Forecast::barEnd).isSorted();
    List<String> reasons = new ArrayList<>();
    dead.forEachRemaining(d -> reasons.add(d.reason()));
    assertThat(reasons).containsExactly("malformed-json");
  }

  private static RawRecord raw(long offset, FeatureVector f, long barEnd) {
    FeatureVector at =
        new FeatureVector(f.symbol(), barEnd, f.specVersion(), f.close(), f.values(), f.warm());
    return new RawRecord("features", 0, offset, barEnd - 1, Json.write(at));
  }
}
