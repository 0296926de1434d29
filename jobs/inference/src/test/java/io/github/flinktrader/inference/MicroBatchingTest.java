package io.github.flinktrader.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.serde.Json;
import io.github.flinktrader.serde.RawRecord;
import io.github.flinktrader.testing.BoundedJobs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Micro-batching in the async operator, in a local Flink cluster. */
class MicroBatchingTest {

  /** Batch sizes every model instance saw (one JVM: the test and the local cluster share it). */
  static final List<Integer> BATCHES = Collections.synchronizedList(new ArrayList<>());

  /** The baseline, answering whole batches slowly and recording their sizes. */
  record Recording(long millisPerBatch) implements Forecaster.Factory {
    @Override
    public Forecaster create() throws Exception {
      Forecaster baseline = DriftVolatilityBaseline.factory().create();
      return new Forecaster() {
        @Override
        public Forecast forecast(FeatureVector features) throws Exception {
          return baseline.forecast(features);
        }

        @Override
        public Forecast[] forecast(List<FeatureWindow> batch) {
          BATCHES.add(batch.size());
          try {
            Thread.sleep(millisPerBatch);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Forecaster.super.forecast(batch);
        }
      };
    }

    @Override
    public String modelVersion() {
      return DriftVolatilityBaseline.VERSION;
    }

    @Override
    public int[] horizonsMinutes() {
      return new int[] {60, 240, 1440};
    }

    @Override
    public double[] quantileLevels() {
      return new double[] {0.1, 0.5, 0.9};
    }
  }

  @BeforeEach
  void clear() {
    BATCHES.clear();
  }

  private static List<Forecast> run(
      int vectors, int maxBatch, long delayMs, int capacity, long millisPerBatch) throws Exception {
    List<RawRecord> input = new ArrayList<>();
    long base = 1_385_337_600_000L;
    for (int i = 1; i <= vectors; i++) {
      FeatureVector f = DriftVolatilityBaselineTest.features(0.01, 0.02);
      // Many symbols, so the batches mix keys.
      FeatureVector at =
          new FeatureVector(
              "S" + (i % 7), base + i * 60_000L, f.specVersion(), f.close(), f.values(), true);
      input.add(new RawRecord("features", 0, i, at.eventTime(), Json.write(at)));
    }
    StreamExecutionEnvironment env = BoundedJobs.environment(InferenceJob.NAME);
    var out =
        InferenceJob.defineWorkflow(
            env.fromData(input, TypeInformation.of(RawRecord.class)).uid("test-source"),
            null,
            InferenceJob.Options.serving(new Recording(millisPerBatch))
                .withForecasting(new InferenceJob.Batching(30_000, maxBatch, delayMs, capacity)));
    var forecasts = out.forecasts().collectAsync();
    env.execute("batching-test");
    List<Forecast> all = new ArrayList<>();
    forecasts.forEachRemaining(all::add);
    return all;
  }

  @Test
  void batchesFillUpToTheirSizeWhileTheSlotsAreBusyAndNothingIsLostOrReordered() throws Exception {
    List<Forecast> all = run(300, 16, 1_000, 256, 20);

    assertThat(all).hasSize(300);
    assertThat(all).noneMatch(Forecast::fallback);
    assertThat(all).extracting(Forecast::barEnd).isSorted(); // ordered results
    assertThat(BATCHES.stream().mapToInt(Integer::intValue).sum()).isEqualTo(300);
    assertThat(BATCHES).allMatch(b -> b <= 16);
    assertThat(BATCHES.stream().filter(b -> b == 16).count()).isGreaterThan(BATCHES.size() / 2);
  }

  @Test
  void aSmallBatchIsFlushedAtItsDeadline() throws Exception {
    List<Forecast> all = run(3, 64, 300, 256, 0);

    assertThat(all).hasSize(3);
    // The first request waited up to 300 ms for company: the other two joined it.
    assertThat(BATCHES).containsExactly(3);
  }

  @Test
  void inFlightRequestsNeverExceedTheCapacitySoOverloadBecomesBackpressure() throws Exception {
    List<Forecast> all = run(100, 64, 50, 4, 10);

    assertThat(all).hasSize(100);
    assertThat(BATCHES).allMatch(b -> b <= 4);
  }
}
