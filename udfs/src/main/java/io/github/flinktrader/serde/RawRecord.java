package io.github.flinktrader.serde;

/**
 * A Kafka record as consumed, before parsing; parsing happens in an operator so a bad payload
 * becomes a dead letter instead of failing the source.
 *
 * @param timestamp the Kafka record timestamp, which producers set to the event time
 */
public record RawRecord(String topic, int partition, long offset, long timestamp, byte[] value) {}
