-- Core tables written by the four jobs. Every table has a natural key so every sink can upsert:
-- a replay after a failure, or a second demo run, never duplicates a row.
-- Money (prices, quantities, PnL) is numeric, never floating point.

CREATE TABLE bars_1m (
    symbol        text        NOT NULL,
    bucket_start  timestamptz NOT NULL,
    bucket_end    timestamptz NOT NULL,
    open          numeric     NOT NULL,
    high          numeric     NOT NULL,
    low           numeric     NOT NULL,
    close         numeric     NOT NULL,
    volume        numeric     NOT NULL,
    vwap          numeric,
    trades        integer     NOT NULL,
    PRIMARY KEY (symbol, bucket_start)
);

CREATE TABLE features (
    symbol         text        NOT NULL,
    bar_end        timestamptz NOT NULL,
    spec_version   text        NOT NULL,
    close          numeric     NOT NULL,
    warm           boolean     NOT NULL,
    feature_values jsonb       NOT NULL,
    PRIMARY KEY (symbol, bar_end, spec_version)
);

CREATE TABLE forecasts (
    symbol            text               NOT NULL,
    bar_end           timestamptz        NOT NULL,
    model_version     text               NOT NULL,
    reference_price   numeric            NOT NULL,
    horizons_minutes  integer[]          NOT NULL,
    quantile_levels   double precision[] NOT NULL,
    prices            double precision[] NOT NULL,
    fallback          boolean            NOT NULL,
    PRIMARY KEY (symbol, bar_end, model_version)
);

-- One row per forecast, horizon and quantile.
CREATE VIEW forecast_points AS
SELECT f.symbol,
       f.bar_end,
       f.model_version,
       f.fallback,
       f.reference_price,
       h.horizon_minutes,
       q.level AS quantile,
       f.prices[(h.hi - 1) * cardinality(f.quantile_levels) + q.qi] AS price
FROM forecasts f,
     unnest(f.horizons_minutes) WITH ORDINALITY AS h(horizon_minutes, hi),
     unnest(f.quantile_levels) WITH ORDINALITY AS q(level, qi);

CREATE TABLE risk_decisions (
    client_order_id  text        PRIMARY KEY,
    symbol           text        NOT NULL,
    decision_time    timestamptz NOT NULL,
    verdict          text        NOT NULL CHECK (verdict IN ('APPROVED', 'REJECTED')),
    reason           text        NOT NULL,
    side             text        NOT NULL,
    quantity         numeric     NOT NULL,
    reference_price  numeric     NOT NULL,
    notional         numeric     NOT NULL,
    position_before  numeric     NOT NULL,
    position_after   numeric     NOT NULL
);
CREATE INDEX risk_decisions_symbol_time ON risk_decisions (symbol, decision_time);

CREATE TABLE orders (
    client_order_id  text        PRIMARY KEY,
    symbol           text        NOT NULL,
    submitted_at     timestamptz NOT NULL,
    side             text        NOT NULL,
    order_type       text        NOT NULL,
    quantity         numeric     NOT NULL CHECK (quantity > 0),
    limit_price      numeric,
    status           text        NOT NULL
);
CREATE INDEX orders_symbol_time ON orders (symbol, submitted_at);

CREATE TABLE fills (
    fill_id          text        PRIMARY KEY,
    client_order_id  text        NOT NULL,
    symbol           text        NOT NULL,
    fill_time        timestamptz NOT NULL,
    side             text        NOT NULL,
    quantity         numeric     NOT NULL CHECK (quantity > 0),
    price            numeric     NOT NULL CHECK (price > 0),
    commission       numeric     NOT NULL
);
CREATE INDEX fills_symbol_time ON fills (symbol, fill_time);

CREATE TABLE position_history (
    symbol         text        NOT NULL,
    fills          integer     NOT NULL,
    position_time  timestamptz NOT NULL,
    quantity       numeric     NOT NULL,
    average_price  numeric     NOT NULL,
    realized_pnl   numeric     NOT NULL,
    cash_flow      numeric     NOT NULL,
    PRIMARY KEY (symbol, fills)
);

-- The ledger's current position per symbol.
CREATE VIEW positions AS
SELECT DISTINCT ON (symbol) symbol, fills, position_time, quantity, average_price, realized_pnl, cash_flow
FROM position_history
ORDER BY symbol, fills DESC;

CREATE TABLE dead_letters (
    id                text        PRIMARY KEY,
    stage             text        NOT NULL,
    source_topic      text,
    source_partition  integer     NOT NULL,
    source_offset     bigint      NOT NULL,
    event_time        timestamptz NOT NULL,
    reason            text        NOT NULL,
    detail            text        NOT NULL,
    payload           text,
    recorded_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dead_letters_reason ON dead_letters (stage, reason);
