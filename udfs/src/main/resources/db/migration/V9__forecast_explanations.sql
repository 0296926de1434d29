-- Per-forecast interpretability of models that give it (the TFT with --explain true): variable
-- selection weights of the past and future inputs, and each horizon's attention over positions.
CREATE TABLE IF NOT EXISTS forecast_explanations (
    symbol          text        NOT NULL,
    bar_end         timestamptz NOT NULL,
    model_version   text        NOT NULL,
    past_inputs     text[]      NOT NULL,
    past_weights    float8[]    NOT NULL,
    latest_weights  float8[]    NOT NULL,
    future_inputs   text[]      NOT NULL,
    future_weights  float8[]    NOT NULL,
    context_length  integer     NOT NULL,
    attention       float8[]    NOT NULL,
    PRIMARY KEY (symbol, bar_end, model_version)
);

-- One row per forecast and past input: which inputs the model leaned on.
CREATE OR REPLACE VIEW forecast_input_weights AS
SELECT e.symbol, e.bar_end, e.model_version, w.input, w.mean_weight, w.latest_weight
FROM forecast_explanations e,
     unnest(e.past_inputs, e.past_weights, e.latest_weights) AS w(input, mean_weight, latest_weight);
