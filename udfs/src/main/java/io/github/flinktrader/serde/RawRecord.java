package io.github.flinktrader.serde;

/**
 * A Kafka record as consumed, before parsing; parsing happens in an operator so a bad payload
 * becomes a dead letter instead of failing the source.
 *
 * @param timestamp the Kafka record timestamp, which producers set to the event time
 * @param eventTime the event time of the record the payload holds when it passed {@link Admission}
 *     at the source, {@link #REFUSED} when it did not (such a record never moves a watermark); the
 *     Kafka timestamp for records made without admission (tests, replays)
 */
public record RawRecord(
    String topic, int partition, long offset, long timestamp, byte[] value, long eventTime) {

  /** The {@link #eventTime} of a record that {@link Admission} refused. */
  public static final long REFUSED = Long.MIN_VALUE;

  /** A record not checked at a source: its event time is taken to be its Kafka timestamp. */
  public RawRecord(String topic, int partition, long offset, long timestamp, byte[] value) {
    this(topic, partition, offset, timestamp, value, timestamp);
  }

  /** False when the source's admission refused the payload. */
  public boolean admitted() {
    return eventTime != REFUSED;
  }
}
