package io.github.flinktrader.serde;

import io.github.flinktrader.records.Event;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes an {@link Event} in its {@link WireFormat} (binary for feature vectors and minute bars,
 * JSON for the rest), keyed by {@link Event#key()} and timestamped with {@link Event#eventTime()}
 * (bounded to what a broker accepts), so the topic can be searched by time.
 */
public final class EventSerializer<T extends Event> implements KafkaRecordSerializationSchema<T> {

  private static final long serialVersionUID = 1L;

  /**
   * The latest Kafka timestamp written, ahead of the clock: brokers refuse records stamped more
   * than an hour ahead (Kafka 4's {@code log.message.timestamp.after.max.ms}), and a sink whose
   * record is refused fails its job on every retry. Admission keeps such event times out of the
   * jobs; this is the last guard. Consumers take event time from the payload, not from this
   * timestamp.
   */
  static final long MAX_AHEAD_MILLIS = 10 * 60_000L;

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
        kafkaTimestamp(element.eventTime(), System.currentTimeMillis()),
        element.key().getBytes(StandardCharsets.UTF_8),
        WireFormat.write(element));
  }

  /** {@code eventTime} within what a broker accepts: not negative, not far ahead of {@code now}. */
  static long kafkaTimestamp(long eventTime, long now) {
    return Math.max(0, Math.min(eventTime, now + MAX_AHEAD_MILLIS));
  }
}
