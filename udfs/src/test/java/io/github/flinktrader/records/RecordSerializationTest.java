package io.github.flinktrader.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.serde.EventSerializer;
import io.github.flinktrader.serde.Json;
import io.github.flinktrader.serde.MinuteBarSerializer;
import io.github.flinktrader.serde.WireFormat;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.PojoTestUtils;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every record type: Flink's POJO serializer (no Kryo), and the Kafka wire format. */
class RecordSerializationTest {

  static Stream<Event> samples() {
    return Samples.all().stream();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void isSerializedAsPojoWithoutKryo(Event sample) {
    if (sample instanceof MinuteBar) {
      // Its own compact serializer (MinuteBarSerializerTest), never Kryo.
      assertThat(TypeInformation.of(MinuteBar.class).createSerializer(new SerializerConfigImpl()))
          .isInstanceOf(MinuteBarSerializer.class);
      return;
    }
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(sample.getClass());
  }

  @ParameterizedTest
  @MethodSource("samples")
  @SuppressWarnings("unchecked")
  void roundTripsThroughFlinkSerializer(Event sample) throws Exception {
    TypeSerializer<Event> serializer =
        (TypeSerializer<Event>)
            TypeInformation.of(sample.getClass()).createSerializer(new SerializerConfigImpl());
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(sample, out);
    Event back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    assertThat(back).isEqualTo(sample);
  }

  @ParameterizedTest
  @MethodSource("samples")
  void roundTripsThroughKafka(Event sample) throws Exception {
    ProducerRecord<byte[], byte[]> record =
        new EventSerializer<>("topic").serialize(sample, null, null);
    assertThat(record.timestamp()).isEqualTo(sample.eventTime());
    assertThat(new String(record.key())).isEqualTo(sample.key());
    assertThat(WireFormat.isBinary(record.value()))
        .isEqualTo(sample instanceof FeatureVector || sample instanceof MinuteBar);
    Event back = WireFormat.read(record.value(), sample.getClass());
    assertThat(back).isEqualTo(sample);
    assertThat(back.violation()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void readsTheJsonFormOfEveryRecordToo(Event sample) throws Exception {
    assertThat(WireFormat.read(Json.write(sample), sample.getClass())).isEqualTo(sample);
  }

  @ParameterizedTest
  @MethodSource("samples")
  void moneyIsWrittenAsExactDecimalText(Event sample) {
    String json = new String(Json.write(sample));
    assertThat(json).doesNotContainPattern("\\d[eE][+-]?\\d");
  }
}
