-- Execution: richer orders (stop, bracket and iceberg fields, fill progress, broker reasons), the
-- risk gate's audit links (model version and forecast bar of each decision), the account's trading
-- state transitions, the control commands that caused them, and a view that explains an order from
-- the features through the forecast and the risk decision to its fills.

ALTER TABLE orders
    ADD COLUMN stop_price             numeric,
    ADD COLUMN take_profit_limit      numeric,
    ADD COLUMN stop_loss_stop         numeric,
    ADD COLUMN parent_client_order_id text,
    ADD COLUMN filled_quantity        numeric NOT NULL DEFAULT 0,
    ADD COLUMN reason                 text,
    ADD COLUMN display_quantity       numeric;

ALTER TABLE risk_decisions
    ADD COLUMN requested_quantity numeric,
    ADD COLUMN model_version      text,
    ADD COLUMN forecast_bar_end   timestamptz,
    ADD COLUMN trading_state      text;

-- A position row (one per fill) carries its latest mark: the newest bar's close updates it.
ALTER TABLE position_history
    ADD COLUMN mark_price     numeric,
    ADD COLUMN unrealized_pnl numeric;

CREATE OR REPLACE VIEW positions AS
SELECT DISTINCT ON (symbol) symbol, fills, position_time, quantity, average_price, realized_pnl,
       cash_flow, mark_price, unrealized_pnl
FROM position_history
ORDER BY symbol, fills DESC;

CREATE TABLE trading_states (
    account      text        NOT NULL,
    changed_at   timestamptz NOT NULL,
    from_state   text        NOT NULL,
    to_state     text        NOT NULL,
    trigger      text        NOT NULL,
    processed_at timestamptz NOT NULL,
    PRIMARY KEY (account, changed_at, to_state)
);

CREATE TABLE control_commands (
    account    text        NOT NULL,
    kind       text        NOT NULL,
    symbol     text        NOT NULL DEFAULT '',
    issued_at  timestamptz NOT NULL,
    until      timestamptz,
    source     text        NOT NULL,
    reason     text        NOT NULL,
    quantity   numeric,
    PRIMARY KEY (account, kind, symbol, issued_at, source, reason)
);

-- Why an order exists: the decision, the forecast (model version and quantiles) and the feature
-- vector it was made from, and what the broker did with it.
CREATE VIEW order_audit AS
SELECT o.client_order_id,
       o.symbol,
       o.side,
       o.quantity,
       o.status,
       o.filled_quantity,
       d.decision_time,
       d.verdict,
       d.reason            AS risk_reason,
       d.requested_quantity,
       d.trading_state,
       d.model_version,
       f.reference_price,
       f.prices            AS forecast_prices,
       f.quantile_levels,
       f.horizons_minutes,
       f.fallback          AS forecast_fallback,
       fv.spec_version     AS feature_spec_version,
       fv.feature_values,
       (SELECT coalesce(sum(x.quantity), 0) FROM fills x WHERE x.client_order_id = o.client_order_id)
           AS filled_in_fills,
       (SELECT sum(x.quantity * x.price) / nullif(sum(x.quantity), 0)
          FROM fills x WHERE x.client_order_id = o.client_order_id) AS average_fill_price
FROM orders o
JOIN risk_decisions d ON d.client_order_id = coalesce(o.parent_client_order_id, o.client_order_id)
LEFT JOIN forecasts f
       ON f.symbol = d.symbol AND f.bar_end = d.forecast_bar_end AND f.model_version = d.model_version
LEFT JOIN LATERAL (SELECT spec_version, feature_values FROM features
                    WHERE symbol = d.symbol AND bar_end = d.forecast_bar_end
                    ORDER BY spec_version DESC LIMIT 1) fv ON true;
