package io.github.flinktrader.inference;

import io.github.flinktrader.records.Forecast;

/**
 * What the forecast operator emits per window: the live forecast, and the shadow model's forecast
 * on the same input when a shadow runs (else null). Only {@code live} ever reaches execution.
 */
public record ForecastPair(Forecast live, Forecast shadow) {}
