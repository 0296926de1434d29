package io.github.flinktrader.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.Trade;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.PojoTestUtils;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The decision at the source, what it tells the watermarks, and the record that carries it. */
class AdmissionTest {

  private static final long T = 1_385_337_601_000L;

  private static final String GOOD =
      "{\"symbol\":\"BTCUSD\",\"timestamp\":"
          + T
          + ",\"price\":784.12,\"size\":1,\"tradeId\":\"1\",\"source\":\"t\"}";

  private static RawRecord deserialize(String payload, long kafkaTimestamp) {
    List<RawRecord> out = new ArrayList<>();
    new RawRecordDeserializer(Trade.class)
        .deserialize(
            new ConsumerRecord<>(
                "market.trades",
                0,
                7,
                kafkaTimestamp,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0,
                payload.length(),
                null,
                payload.getBytes(StandardCharsets.UTF_8),
                new org.apache.kafka.common.header.internals.RecordHeaders(),
                java.util.Optional.empty()),
            new Collector<>() {
              @Override
              public void collect(RawRecord r) {
                out.add(r);
              }

              @Override
              public void close() {}
            });
    return out.get(0);
  }

  @Test
  void theSourceCarriesTheAdmittedEventTimeOrRefused() {
    // Stamped an hour after its event time: the event time is what counts.
    RawRecord good = deserialize(GOOD, T + 3_600_000);
    assertThat(good.admitted()).isTrue();
    assertThat(good.eventTime()).isEqualTo(T);
    assertThat(good.timestamp()).isEqualTo(T + 3_600_000);

    RawRecord unreadable = deserialize("{oops", T);
    assertThat(unreadable.admitted()).isFalse();
    RawRecord future = deserialize(GOOD.replace(Long.toString(T), "4102444800000"), T);
    assertThat(future.admitted()).isFalse();
    assertThat(future.eventTime()).isEqualTo(RawRecord.REFUSED);
  }

  @Test
  void theVerdictIsHandedOnOnceForTheSamePayloadOnly() {
    RawRecord good = deserialize(GOOD, T);
    assertThat(Admission.take(good.value().clone())).isNull();
    Admission.Verdict v = Admission.take(good.value());
    assertThat(v).isNotNull();
    assertThat(v.admitted()).isTrue();
    assertThat(((Trade) v.record()).tradeId()).isEqualTo("1");
    assertThat(Admission.take(good.value())).isNull();
  }

  @Test
  void theVerdictNamesTheReason() {
    long now = System.currentTimeMillis();
    assertThat(Admission.check(new byte[0], Trade.class, now).reason()).isEqualTo("empty-payload");
    assertThat(
            Admission.check(new byte[Admission.MAX_PAYLOAD_BYTES + 1], Trade.class, now).reason())
        .isEqualTo("oversized-payload");
    assertThat(Admission.check("null".getBytes(), Trade.class, now).reason())
        .isEqualTo("null-record");
    assertThat(Admission.check(GOOD.replace("784.12", "-1").getBytes(), Trade.class, now).reason())
        .isEqualTo("invalid-trade");
    // A minute of skew is allowed, more is not.
    assertThat(Admission.check(GOOD.getBytes(), Trade.class, T - 59_000).admitted()).isTrue();
    assertThat(Admission.check(GOOD.getBytes(), Trade.class, T - 61_000).reason())
        .isEqualTo("future-timestamp");
  }

  @Test
  void rawRecordsAreSerializedAsPojosWithTheirEventTime() throws Exception {
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(RawRecord.class);
    TypeSerializer<RawRecord> serializer =
        TypeInformation.of(RawRecord.class).createSerializer(new SerializerConfigImpl());
    for (RawRecord r :
        List.of(
            new RawRecord("t", 1, 2, 3, new byte[] {4, 5}, 6),
            new RawRecord("t", 1, 2, 3, new byte[0], RawRecord.REFUSED))) {
      DataOutputSerializer out = new DataOutputSerializer(64);
      serializer.serialize(r, out);
      RawRecord back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
      assertThat(back.value()).isEqualTo(r.value());
      assertThat(back.eventTime()).isEqualTo(r.eventTime());
      assertThat(back.admitted()).isEqualTo(r.admitted());
      assertThat(back.offset()).isEqualTo(r.offset());
    }
  }
}
