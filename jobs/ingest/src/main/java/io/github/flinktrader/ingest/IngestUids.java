package io.github.flinktrader.ingest;

/**
 * Operator uids of the ingest job. Released uids never change: savepoints restore by them. Sink
 * uids are derived by {@link io.github.flinktrader.flink.JobIo#write}.
 */
final class IngestUids {
  static final String TRADES_SOURCE = "ingest.trades-source";
  static final String PARSE_TRADES = "ingest.parse-trades";
  static final String ADMIT_TRADES = "ingest.admit-trades";
  static final String MARKET_SANITY = "ingest.market-sanity";
  static final String MINUTE_BARS = "ingest.minute-bars";
  static final String LATE_TRADES = "ingest.late-trades";
  static final String POLYGON_TICKS = "ingest.polygon-ticks";
  static final String POLYGON_LIVE = "ingest.polygon-live";
  static final String POLYGON_TRADE_TIMES = "ingest.polygon-trade-watermarks";
  static final String ADMIT_BARS = "ingest.admit-bars";
  static final String BAR_SANITY = "ingest.bar-sanity";
  static final String DEDUPE_BARS = "ingest.dedupe-bars";
  static final String REDDIT_TICKS = "ingest.reddit-ticks";
  static final String REDDIT_FEEDS = "ingest.reddit-feeds";
  static final String REDDIT_POLLER = "ingest.reddit-poller";
  static final String ADMIT_POSTS = "ingest.admit-posts";
  static final String BACKFILL_REQUESTS = "ingest.backfill-requests";
  static final String BACKFILL = "ingest.polygon-backfill";

  private IngestUids() {}
}
