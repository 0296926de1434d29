package io.github.flinktrader.flink;

import io.github.flinktrader.records.Event;
import io.github.flinktrader.serde.EventSerializer;
import io.github.flinktrader.serde.RawRecord;
import io.github.flinktrader.serde.RawRecordDeserializer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Builds the Kafka sources and sinks every job uses, with the settings exactly-once needs. */
public final class KafkaIo {

  /** Below the broker's default {@code transaction.max.timeout.ms} of 15 minutes. */
  static final String TRANSACTION_TIMEOUT_MS = "600000";

  private KafkaIo() {}

  /**
   * A source of raw records that reads only committed data and resumes from the group's committed
   * offsets (from the earliest offset on first start); each payload is checked as a {@code type}
   * record on the way in ({@link io.github.flinktrader.serde.Admission}).
   */
  public static KafkaSource<RawRecord> source(
      JobSettings settings, String topic, String jobName, Class<? extends Event> type) {
    KafkaSourceBuilder<RawRecord> builder =
        KafkaSource.<RawRecord>builder()
            .setBootstrapServers(settings.kafkaBootstrap())
            .setTopics(topic)
            .setGroupId(jobName + "-" + settings.runId())
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new RawRecordDeserializer(type))
            .setProperty("isolation.level", "read_committed")
            .setProperty("partition.discovery.interval.ms", "30000");
    if (settings.bounded()) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  /**
   * An at-least-once sink that sends each record at once, without transactions: for the control
   * bus, where a command must be visible within a second and applying one twice changes nothing.
   */
  public static <T extends Event> Sink<T> immediateSink(JobSettings settings, String topic) {
    return quiet(
        KafkaSink.<T>builder()
            .setBootstrapServers(settings.kafkaBootstrap())
            .setRecordSerializer(new EventSerializer<>(topic))
            .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
            .setProperty("linger.ms", "0")
            .build());
  }

  /** An exactly-once sink: records become visible to read_committed consumers at checkpoints. */
  public static <T extends Event> Sink<T> sink(
      JobSettings settings, String topic, String jobName, String sinkName) {
    return quiet(
        KafkaSink.<T>builder()
            .setBootstrapServers(settings.kafkaBootstrap())
            .setRecordSerializer(new EventSerializer<>(topic))
            .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .setTransactionalIdPrefix(jobName + "-" + sinkName + "-" + settings.runId())
            .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
            // Batching and compression: with the client defaults (16 KB batches, no linger) the
            // features job spent most of its time producing (see the features benchmark).
            .setProperty("linger.ms", "10")
            .setProperty("batch.size", Integer.toString(256 * 1024))
            .setProperty("compression.type", "lz4")
            .build());
  }

  /** The sink with a writer whose close never throws ({@link QuietCloseKafkaSink}). */
  private static <T> Sink<T> quiet(KafkaSink<T> sink) {
    return new QuietCloseKafkaSink<>(sink);
  }
}
