-- Posts and comments from social sources (Reddit), as the ingest job admitted them, with the
-- instruments each mentions. One row per source-unique id: a replay upserts the same row.

CREATE TABLE social_posts (
    id          text        NOT NULL,
    source      text        NOT NULL,
    channel     text,
    author      text,
    created_at  timestamptz NOT NULL,
    title       text,
    body        text,
    symbols     text[]      NOT NULL,
    PRIMARY KEY (id, created_at)
);

CREATE INDEX social_posts_symbols ON social_posts USING gin (symbols);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        PERFORM create_hypertable('social_posts', 'created_at', chunk_time_interval => interval '30 days',
                                  migrate_data => true, if_not_exists => true);
    ELSE
        CREATE INDEX social_posts_time_brin ON social_posts USING brin (created_at);
    END IF;
END
$$;
