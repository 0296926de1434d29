package io.github.flinktrader.ingest;

/**
 * Operator uids of the ingest job. Released uids never change: savepoints restore by them. Sink
 * uids are derived by {@link io.github.flinktrader.flink.JobIo#write}.
 */
final class IngestUids {
  static final String TRADES_SOURCE = "ingest.trades-source";
  static final String PARSE_TRADES = "ingest.parse-trades";
  static final String MINUTE_BARS = "ingest.minute-bars";
  static final String LATE_TRADES = "ingest.late-trades";

  private IngestUids() {}
}
