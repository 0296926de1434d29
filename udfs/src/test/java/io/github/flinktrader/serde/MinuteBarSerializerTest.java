package io.github.flinktrader.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinktrader.records.MinuteBar;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class MinuteBarSerializerTest {

  private static final long T0 = 1_385_337_600_000L;

  private static MinuteBar bar(long minute, String close, String volume) {
    BigDecimal c = new BigDecimal(close);
    return new MinuteBar(
        "BTCUSD",
        T0 + minute * 60_000,
        T0 + minute * 60_000 + 60_000,
        c,
        c.add(BigDecimal.ONE),
        c.subtract(BigDecimal.ONE),
        c,
        new BigDecimal(volume),
        c,
        (int) minute);
  }

  /** Compact and large decimals, trailing zeros (scale is kept), negative and huge scales. */
  private static final List<MinuteBar> BARS =
      List.of(
          bar(0, "1131.4500", "0.00000001"),
          bar(1, "92233720368547758070", "1E+30"), // unscaled value beyond a long
          bar(2, "-9223372036854775808", "0"), // Long.MIN_VALUE itself is compact
          bar(3, "123456789012345678901234567890.123456789", "1E-400"),
          bar(4, "100", "12345678901234567890"));

  private static byte[] write(TypeSerializer<MinuteBar> s, MinuteBar b) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    s.serialize(b, out);
    return out.getCopyOfBuffer();
  }

  @Test
  void minuteBarsUseTheCompactSerializer() {
    assertThat(TypeInformation.of(MinuteBar.class).createSerializer(new SerializerConfigImpl()))
        .isSameAs(MinuteBarSerializer.INSTANCE);
  }

  @Test
  void everyDecimalComesBackExactlyWithItsScale() throws Exception {
    for (MinuteBar b : BARS) {
      MinuteBar back =
          MinuteBarSerializer.INSTANCE.deserialize(
              new DataInputDeserializer(write(MinuteBarSerializer.INSTANCE, b)));
      assertThat(back).isEqualTo(b);
      assertThat(back.volume().scale()).isEqualTo(b.volume().scale());
    }
    // copy(in, out) gives the same bytes.
    byte[] bytes = write(MinuteBarSerializer.INSTANCE, BARS.get(1));
    DataOutputSerializer copied = new DataOutputSerializer(64);
    MinuteBarSerializer.INSTANCE.copy(new DataInputDeserializer(bytes), copied);
    assertThat(copied.getCopyOfBuffer()).isEqualTo(bytes);
  }

  @Test
  void aTypicalBarIsSmallerThanThePojoSerializerWritesIt() throws Exception {
    TypeSerializer<MinuteBar> pojo = pojoInfo().createSerializer(new SerializerConfigImpl());
    assertThat(write(MinuteBarSerializer.INSTANCE, BARS.get(0)).length)
        .isLessThan(write(pojo, BARS.get(0)).length);
  }

  @Test
  void aCorruptDecimalTagIsAClearError() {
    DataOutputSerializer out = new DataOutputSerializer(32);
    assertThatThrownBy(
            () -> {
              org.apache.flink.types.StringValue.writeString("BTCUSD", out);
              out.writeLong(T0);
              out.writeLong(T0 + 60_000);
              out.writeByte(9);
              MinuteBarSerializer.INSTANCE.deserialize(
                  new DataInputDeserializer(out.getCopyOfBuffer()));
            })
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unknown decimal tag 9");
  }

  @Test
  void itsSnapshotRestoresItAndIsCompatibleWithItself() throws Exception {
    TypeSerializerSnapshot<MinuteBar> snapshot =
        MinuteBarSerializer.INSTANCE.snapshotConfiguration();
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
    TypeSerializerSnapshot<MinuteBar> read =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
    assertThat(read.restoreSerializer()).isSameAs(MinuteBarSerializer.INSTANCE);
    assertThat(
            MinuteBarSerializer.INSTANCE
                .snapshotConfiguration()
                .resolveSchemaCompatibility(read)
                .isCompatibleAsIs())
        .isTrue();
  }

  /** Keeps each bar by its start; a bar seen again emits the one kept. */
  static final class Keeper extends KeyedProcessFunction<String, MinuteBar, MinuteBar> {
    private final TypeInformation<MinuteBar> type;
    private transient MapState<Long, MinuteBar> kept;

    Keeper(TypeInformation<MinuteBar> type) {
      this.type = type;
    }

    @Override
    public void open(OpenContext ctx) {
      kept =
          getRuntimeContext()
              .getMapState(new MapStateDescriptor<>("bars-by-start", Types.LONG, type));
    }

    @Override
    public void processElement(MinuteBar bar, Context ctx, Collector<MinuteBar> out)
        throws Exception {
      MinuteBar old = kept.get(bar.start());
      if (old == null) {
        kept.put(bar.start(), bar);
      } else {
        out.collect(old);
      }
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, MinuteBar, MinuteBar> harness(
      TypeInformation<MinuteBar> type) throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new Keeper(type)), MinuteBar::symbol, Types.STRING);
    h.setStateBackend(new EmbeddedRocksDBStateBackend());
    return h;
  }

  @Test
  void stateWrittenByThePojoSerializerIsMigratedOnRestoreFromRocksDb() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness(pojoInfo())) {
      h.open();
      for (MinuteBar b : BARS) {
        h.processElement(b, b.eventTime());
      }
      assertThat(h.extractOutputValues()).isEmpty();
      snapshot = h.snapshot(1, T0);
    }
    try (var h = harness(TypeInformation.of(MinuteBar.class))) {
      h.initializeState(snapshot);
      h.open();
      for (MinuteBar b : BARS) {
        h.processElement(b, b.eventTime());
      }
      assertThat(h.extractOutputValues()).isEqualTo(BARS);
    }
  }

  /** How Flink typed minute bars before they had their own serializer. */
  private static PojoTypeInfo<MinuteBar> pojoInfo() {
    List<PojoField> fields = new ArrayList<>();
    for (Field f : MinuteBar.class.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        fields.add(new PojoField(f, BasicTypeInfo.getInfoFor(f.getType())));
      }
    }
    return new PojoTypeInfo<>(MinuteBar.class, fields);
  }
}
