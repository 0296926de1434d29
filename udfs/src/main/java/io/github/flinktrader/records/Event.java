package io.github.flinktrader.records;

import java.util.Optional;

/**
 * A record that flows between jobs through Kafka.
 *
 * <p>Producers stamp each Kafka record with {@link #eventTime()}, so consumers can take watermarks
 * from the Kafka timestamp at the source without parsing the payload first.
 */
public interface Event {

  /** The Kafka record key; records with the same key keep their order. */
  String key();

  /** Event time in epoch milliseconds. */
  long eventTime();

  /** Why this record must not be processed, or empty when it is well formed. */
  default Optional<String> violation() {
    return Optional.empty();
  }
}
