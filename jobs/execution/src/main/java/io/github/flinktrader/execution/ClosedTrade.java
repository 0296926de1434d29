package io.github.flinktrader.execution;

import java.math.BigDecimal;

/**
 * A fill that closed (part of) a position, and what it made or lost after commission: what the
 * losing-streak rule counts.
 *
 * @param time the fill's time, epoch milliseconds
 * @param quantity the quantity closed
 * @param pnl realized profit of the closed quantity, after the fill's commission
 */
public record ClosedTrade(
    String symbol, long time, String clientOrderId, BigDecimal quantity, BigDecimal pnl) {}
