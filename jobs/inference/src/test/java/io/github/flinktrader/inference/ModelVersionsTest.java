package io.github.flinktrader.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.records.ModelAnnouncement;
import java.math.BigDecimal;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/** The announced versions in broadcast state, and the inference job's internal record types. */
class ModelVersionsTest {

  static FeatureWindow window(int minute) {
    return FeatureWindow.of(
        new FeatureVector(
            "A",
            60_000L * (minute + 1),
            "core/2",
            new BigDecimal("100"),
            new double[] {1, 2},
            true));
  }

  @Test
  void stampsTheAnnouncedVersionsAndRemembersThemAcrossARestore() throws Exception {
    var h =
        ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
            new ModelVersions("tft"), ModelVersions.STATE);
    h.processElement(window(0), 0);
    h.processBroadcastElement(new ModelAnnouncement("tft", "v2", ModelAnnouncement.LIVE, 1), 0);
    h.processBroadcastElement(new ModelAnnouncement("other", "v9", ModelAnnouncement.LIVE, 1), 0);
    h.processBroadcastElement(new ModelAnnouncement("tft", "v3", ModelAnnouncement.SHADOW, 1), 0);
    h.processElement(window(1), 0);
    h.processBroadcastElement(
        new ModelAnnouncement("tft", null, ModelAnnouncement.SHADOW_OFF, 1), 0);
    h.processElement(window(2), 0);
    OperatorSubtaskState snapshot = h.snapshot(1, 1);
    var out = h.extractOutputValues();
    h.close();

    assertThat(out).extracting(FeatureWindow::liveVersion).containsExactly(null, "v2", "v2");
    assertThat(out).extracting(FeatureWindow::shadowVersion).containsExactly(null, "v3", null);

    var restored =
        new org.apache.flink.streaming.util.BroadcastOperatorTestHarness<
            FeatureWindow, ModelAnnouncement, FeatureWindow>(
            new org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator<>(
                new ModelVersions("tft"), java.util.List.of(ModelVersions.STATE)),
            1,
            1,
            0);
    restored.setup();
    restored.initializeState(snapshot);
    restored.open();
    restored.processElement(window(3), 0);
    assertThat(restored.extractOutputValues())
        .singleElement()
        .satisfies(w -> assertThat(w.liveVersion()).isEqualTo("v2"));
    restored.close();
  }

  @Test
  void internalRecordsRoundTripThroughFlinkSerializersWithoutKryo() throws Exception {
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(FeatureWindow.class);
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(ForecastPair.class);
    FeatureWindow w = window(0).append(window(1).latest(), 3).withVersions("v2", null);
    assertThat(roundTrip(w)).isEqualTo(w);
    Forecast f =
        new Forecast(
            "A",
            120_000L,
            "tft/v2",
            new BigDecimal("100"),
            new int[] {60},
            new double[] {0.5},
            new double[] {101},
            false);
    ForecastPair pair = new ForecastPair(f, null);
    assertThat(roundTrip(pair)).isEqualTo(pair);
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    TypeSerializer<T> s =
        (TypeSerializer<T>)
            TypeInformation.of(value.getClass()).createSerializer(new SerializerConfigImpl());
    DataOutputSerializer out = new DataOutputSerializer(256);
    s.serialize(value, out);
    return s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }
}
