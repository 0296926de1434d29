package io.github.flinktrader.serde;

import io.github.flinktrader.records.Event;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Passes every Kafka record on; it never throws, whatever the bytes. With a record type it also
 * decides {@link Admission} for each payload, so the source's watermarks come only from admitted
 * records ({@link RawRecord#eventTime()}); the parsed record goes on to the chained {@link
 * ParseEvents} without a second parse.
 */
public final class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {

  private static final long serialVersionUID = 1L;

  private final Class<? extends Event> type;

  /** Without admission: event times are the Kafka timestamps. */
  public RawRecordDeserializer() {
    this(null);
  }

  /**
   * @param type the record type the topic carries, or null for no admission at the source
   */
  public RawRecordDeserializer(Class<? extends Event> type) {
    this.type = type;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
    byte[] value = record.value() == null ? new byte[0] : record.value();
    long eventTime = record.timestamp();
    if (type != null) {
      Admission.Verdict v = Admission.checkAndKeep(value, type, System.currentTimeMillis());
      eventTime = v.admitted() ? ((Event) v.record()).eventTime() : RawRecord.REFUSED;
    }
    out.collect(
        new RawRecord(
            record.topic(),
            record.partition(),
            record.offset(),
            record.timestamp(),
            value,
            eventTime));
  }

  @Override
  public TypeInformation<RawRecord> getProducedType() {
    return TypeInformation.of(RawRecord.class);
  }
}
