package io.github.flinktrader.serde;

import io.github.flinktrader.records.Event;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes an {@link Event} in its {@link WireFormat} (binary for feature vectors and minute bars,
 * JSON for the rest), keyed by {@link Event#key()} and timestamped with {@link Event#eventTime()},
 * so consumers can take watermarks from the Kafka timestamp.
 */
public final class EventSerializer<T extends Event> implements KafkaRecordSerializationSchema<T> {

  private static final long serialVersionUID = 1L;

  private final String topic;

  public EventSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T element, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(
        topic,
        null,
        element.eventTime(),
        element.key().getBytes(StandardCharsets.UTF_8),
        WireFormat.write(element));
  }
}
