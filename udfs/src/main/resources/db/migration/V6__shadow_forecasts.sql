-- Forecasts of a candidate model run in shadow beside the live one, on the same inputs, for
-- comparison; they never reach the execution job (which reads only the forecasts topic).

CREATE TABLE shadow_forecasts (LIKE forecasts INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
