package io.github.flinktrader.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.features.FeatureSpec;
import io.github.flinktrader.features.FeatureSpecFile;
import io.github.flinktrader.inference.tft.ModelRegistry;
import io.github.flinktrader.inference.tft.ModelRegistryNames;
import io.github.flinktrader.inference.tft.TftConfig;
import io.github.flinktrader.inference.tft.TftDataset;
import io.github.flinktrader.inference.tft.TftForecaster;
import io.github.flinktrader.inference.tft.TftModel;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.records.ModelAnnouncement;
import io.github.flinktrader.serde.Json;
import io.github.flinktrader.serde.RawRecord;
import io.github.flinktrader.testing.BoundedJobs;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model version announced on the control topic mid-stream, served without a restart: live (hot
 * swap) or beside the live one (shadow), in a local Flink cluster.
 */
class HotSwapTest {

  static final int L = 4;
  static final int VECTORS = 160;

  @TempDir static Path root;

  @BeforeAll
  static void registerTwoVersions() throws Exception {
    FeatureSpecFile spec = FeatureSpecFile.load();
    TftConfig config =
        new TftConfig(
            List.of("BTCUSD"),
            spec.names(),
            TftDataset.KNOWN,
            L,
            new int[] {60, 240},
            new double[] {0.1, 0.5, 0.9},
            16,
            2,
            0f);
    ModelRegistry registry = new ModelRegistry(root);
    for (int i = 1; i <= 2; i++) {
      Path dir = registry.newVersion(ModelRegistryNames.TFT);
      try (TftModel m =
          TftModel.create(
              new TftModel.Card(
                  "tft/v" + i, config, spec.version(), new double[] {0.004, 0.008}, Map.of()),
              i)) {
        ModelRegistry.store(dir, m, spec);
      }
    }
    registry.approve(ModelRegistryNames.TFT, "v1");
  }

  /** Slows the feature source so the announcement lands mid-stream. */
  static final class Slow implements MapFunction<RawRecord, RawRecord> {
    @Override
    public RawRecord map(RawRecord r) throws Exception {
      Thread.sleep(15);
      return r;
    }
  }

  private static InferenceJob.Outputs run(StreamExecutionEnvironment env, String role)
      throws Exception {
    FeatureSpecFile spec = FeatureSpecFile.load();
    List<RawRecord> input = new ArrayList<>();
    long t0 = 1_385_337_600_000L;
    Random r = new Random(4);
    for (int i = 0; i < VECTORS; i++) {
      double[] values = new double[FeatureSpec.NAMES.size()];
      for (int f = 0; f < values.length; f++) {
        values[f] = r.nextGaussian() * 0.01;
      }
      FeatureVector v =
          new FeatureVector(
              "BTCUSD", t0 + i * 60_000L, spec.version(), new BigDecimal("800"), values, true);
      input.add(new RawRecord("features", 0, i, v.eventTime(), Json.write(v)));
    }
    ModelAnnouncement a = new ModelAnnouncement("tft", "v2", role, t0);
    List<RawRecord> control = List.of(new RawRecord("models.control", 0, 0, t0, Json.write(a)));
    return InferenceJob.defineWorkflow(
        env.fromData(input, TypeInformation.of(RawRecord.class))
            .uid("features")
            .map(new Slow())
            .uid("slow"),
        env.fromData(control, TypeInformation.of(RawRecord.class)).uid("control"),
        InferenceJob.Options.serving(TftForecaster.factory(root, null))
            .withForecasting(new InferenceJob.Batching(30_000, 8, 5, 64)));
  }

  private static StreamExecutionEnvironment env() {
    return BoundedJobs.environment(InferenceJob.NAME);
  }

  @Test
  void aLiveAnnouncementSwitchesVersionsAtOnePointLosingAndRepeatingNothing() throws Exception {
    StreamExecutionEnvironment env = env();
    var out = run(env, ModelAnnouncement.LIVE);
    var forecasts = out.forecasts().collectAsync();
    var shadows = out.shadowForecasts().collectAsync();
    env.execute("hot-swap");
    List<Forecast> all = new ArrayList<>();
    forecasts.forEachRemaining(all::add);
    List<Forecast> shadowList = new ArrayList<>();
    shadows.forEachRemaining(shadowList::add);

    assertThat(all).hasSize(VECTORS);
    assertThat(all).extracting(Forecast::barEnd).isSorted().doesNotHaveDuplicates();
    String versions = String.join(",", all.stream().map(Forecast::modelVersion).toList());
    assertThat(versions).matches("(tft/v1,)+(tft/v2,)*tft/v2");
    assertThat(all.get(all.size() - 1).fallback()).isFalse();
    assertThat(shadowList).isEmpty();
  }

  @Test
  void aShadowRunsBesideTheLiveModelAndNeverReplacesIt() throws Exception {
    StreamExecutionEnvironment env = env();
    var out = run(env, ModelAnnouncement.SHADOW);
    var forecasts = out.forecasts().collectAsync();
    var shadows = out.shadowForecasts().collectAsync();
    env.execute("shadow");
    List<Forecast> live = new ArrayList<>();
    forecasts.forEachRemaining(live::add);
    List<Forecast> shadowList = new ArrayList<>();
    shadows.forEachRemaining(shadowList::add);

    assertThat(live)
        .hasSize(VECTORS)
        .allSatisfy(f -> assertThat(f.modelVersion()).isEqualTo("tft/v1"));
    assertThat(shadowList)
        .isNotEmpty()
        .allSatisfy(f -> assertThat(f.modelVersion()).isEqualTo("tft/v2"));
    List<Long> liveEnds = live.stream().map(Forecast::barEnd).toList();
    assertThat(liveEnds).containsAll(shadowList.stream().map(Forecast::barEnd).toList());
    // Same inputs, other parameters: the shadow's numbers differ from the live ones.
    Forecast s = shadowList.get(shadowList.size() - 1);
    Forecast l = live.stream().filter(f -> f.barEnd() == s.barEnd()).findFirst().orElseThrow();
    assertThat(s.prices()).isNotEqualTo(l.prices());
  }
}
