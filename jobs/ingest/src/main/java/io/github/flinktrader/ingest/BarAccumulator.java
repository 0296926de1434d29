package io.github.flinktrader.ingest;

import java.math.BigDecimal;

/**
 * A minute bar being built. Open and close follow event time; trades with equal timestamps keep
 * their arrival order (the venue's sequence).
 *
 * @param notional sum of price x size, for the VWAP
 */
public record BarAccumulator(
    long firstTime,
    long lastTime,
    BigDecimal open,
    BigDecimal high,
    BigDecimal low,
    BigDecimal close,
    BigDecimal volume,
    BigDecimal notional,
    int trades) {}
