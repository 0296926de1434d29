package io.github.flinktrader.execution;

import java.math.BigDecimal;

/**
 * What the strategy-and-risk operator remembers per symbol.
 *
 * @param position the position all approved orders add up to (the simulated broker fills every
 *     approved order completely; a real broker's fills reconcile it)
 * @param lastDecisionTime the newest forecast acted on, epoch milliseconds
 */
public record ExecutionState(BigDecimal position, long lastDecisionTime) {}
