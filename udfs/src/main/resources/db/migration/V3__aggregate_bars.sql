-- Bars over 5, 15 and 60 minutes, built by the features job from the minute bars in event time.
-- minutes_with_trades below timeframe_minutes flags a window with minutes without trades; a
-- window without any trade has no row (nothing is carried forward).

CREATE TABLE bars_agg (
    timeframe_minutes    integer     NOT NULL CHECK (timeframe_minutes IN (5, 15, 60)),
    symbol               text        NOT NULL,
    bucket_start         timestamptz NOT NULL,
    bucket_end           timestamptz NOT NULL,
    open                 numeric     NOT NULL,
    high                 numeric     NOT NULL,
    low                  numeric     NOT NULL,
    close                numeric     NOT NULL,
    volume               numeric     NOT NULL,
    vwap                 numeric,
    trades               integer     NOT NULL,
    minutes_with_trades  integer     NOT NULL,
    PRIMARY KEY (timeframe_minutes, symbol, bucket_start)
);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        PERFORM create_hypertable('bars_agg', 'bucket_start', chunk_time_interval => interval '30 days',
                                  migrate_data => true, if_not_exists => true);
    ELSE
        CREATE INDEX bars_agg_time_brin ON bars_agg USING brin (bucket_start);
    END IF;
END
$$;
