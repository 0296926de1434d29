-- Time-series storage that uses TimescaleDB where it is installed and native PostgreSQL otherwise.
--   * TimescaleDB, Timescale licence: hypertables, a continuous aggregate of hourly bars,
--     compression and retention policies.
--   * TimescaleDB, Apache licence (e.g. a distribution build): hypertables; hourly bars as a plain
--     materialized view (continuous aggregates and policies are not in that edition).
--   * Plain PostgreSQL: BRIN indexes on time and the same plain materialized view.
-- The view bars_1h has the same columns in every case, so queries do not depend on the engine.

-- The extension itself is created before the migrations run (Migrations.apply, in a connection of
-- its own): TimescaleDB ends the session with a FATAL error when it is installed but not preloaded,
-- and only a superuser may read shared_preload_libraries to check first. Applying this file by
-- hand on a TimescaleDB server: run CREATE EXTENSION timescaledb first.

CREATE TABLE storage_mode (
    only_row  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    mode      text    NOT NULL
);

DO $$
DECLARE
    has_timescale boolean := EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb');
    full_licence  boolean := coalesce(current_setting('timescaledb.license', true), '') = 'timescale';
BEGIN
    IF has_timescale THEN
        PERFORM create_hypertable('bars_1m', 'bucket_start', chunk_time_interval => interval '7 days',
                                  migrate_data => true, if_not_exists => true);
        PERFORM create_hypertable('features', 'bar_end', chunk_time_interval => interval '7 days',
                                  migrate_data => true, if_not_exists => true);
        PERFORM create_hypertable('forecasts', 'bar_end', chunk_time_interval => interval '7 days',
                                  migrate_data => true, if_not_exists => true);
    ELSE
        CREATE INDEX bars_1m_time_brin ON bars_1m USING brin (bucket_start);
        CREATE INDEX features_time_brin ON features USING brin (bar_end);
        CREATE INDEX forecasts_time_brin ON forecasts USING brin (bar_end);
    END IF;

    IF has_timescale AND full_licence THEN
        EXECUTE $v$
            CREATE MATERIALIZED VIEW bars_1h WITH (timescaledb.continuous) AS
            SELECT symbol,
                   time_bucket(interval '1 hour', bucket_start) AS bucket_start,
                   first(open, bucket_start) AS open,
                   max(high) AS high,
                   min(low) AS low,
                   last(close, bucket_start) AS close,
                   sum(volume) AS volume,
                   sum(trades) AS trades
            FROM bars_1m
            GROUP BY symbol, time_bucket(interval '1 hour', bucket_start)
            WITH NO DATA $v$;
        PERFORM add_continuous_aggregate_policy('bars_1h', start_offset => interval '3 days',
                    end_offset => interval '1 hour', schedule_interval => interval '15 minutes');
        EXECUTE 'ALTER TABLE bars_1m SET (timescaledb.compress, timescaledb.compress_segmentby = ''symbol'')';
        PERFORM add_compression_policy('bars_1m', interval '30 days');
        PERFORM add_retention_policy('features', interval '365 days');
        INSERT INTO storage_mode (mode) VALUES ('timescaledb');
    ELSE
        -- Same columns as the continuous aggregate; refresh with REFRESH MATERIALIZED VIEW bars_1h.
        EXECUTE $v$
            CREATE MATERIALIZED VIEW bars_1h AS
            SELECT symbol,
                   date_bin(interval '1 hour', bucket_start, timestamptz '2000-01-01') AS bucket_start,
                   (array_agg(open ORDER BY bucket_start))[1] AS open,
                   max(high) AS high,
                   min(low) AS low,
                   (array_agg(close ORDER BY bucket_start DESC))[1] AS close,
                   sum(volume) AS volume,
                   sum(trades) AS trades
            FROM bars_1m
            GROUP BY 1, 2
            WITH DATA $v$;
        EXECUTE 'CREATE UNIQUE INDEX bars_1h_key ON bars_1h (symbol, bucket_start)';
        INSERT INTO storage_mode (mode)
        VALUES (CASE WHEN has_timescale THEN 'timescaledb-apache' ELSE 'postgresql' END);
    END IF;
END
$$;
