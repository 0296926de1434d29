-- Social sentiment per symbol and event-time window, as the inference job's sentiment branch
-- aggregates the scored posts (see SentimentAggregate for each column's meaning). One row per
-- symbol and window: a replay upserts the same row.

CREATE TABLE reddit_sentiment_aggregated (
    symbol          text             NOT NULL,
    window_start    timestamptz      NOT NULL,
    window_end      timestamptz      NOT NULL,
    bullish         integer          NOT NULL,
    bearish         integer          NOT NULL,
    neutral         integer          NOT NULL,
    total           integer          NOT NULL,
    mean_score      double precision NOT NULL,
    smoothed_score  double precision NOT NULL,
    momentum        double precision NOT NULL,
    volume_z        double precision NOT NULL,
    mean_z          double precision NOT NULL,
    anomaly         boolean          NOT NULL,
    fallbacks       integer          NOT NULL,
    model_version   text             NOT NULL,
    PRIMARY KEY (symbol, window_start)
);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        PERFORM create_hypertable('reddit_sentiment_aggregated', 'window_start',
                                  chunk_time_interval => interval '30 days',
                                  migrate_data => true, if_not_exists => true);
    ELSE
        CREATE INDEX reddit_sentiment_aggregated_time_brin
            ON reddit_sentiment_aggregated USING brin (window_start);
    END IF;
END
$$;
