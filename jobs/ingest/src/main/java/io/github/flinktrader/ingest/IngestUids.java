package io.github.flinktrader.ingest;

/** Operator uids of the ingest job. Released uids never change: savepoints restore by them. */
final class IngestUids {
  static final String TRADES_SOURCE = "ingest.trades-source";
  static final String PARSE_TRADES = "ingest.parse-trades";
  static final String MINUTE_BARS = "ingest.minute-bars";
  static final String BARS_KAFKA = "ingest.bars-kafka-sink";
  static final String BARS_DB = "ingest.bars-db-sink";
  static final String LATE_TRADES = "ingest.late-trades";
  static final String DLQ_KAFKA = "ingest.dlq-kafka-sink";
  static final String DLQ_DB = "ingest.dlq-db-sink";

  private IngestUids() {}
}
