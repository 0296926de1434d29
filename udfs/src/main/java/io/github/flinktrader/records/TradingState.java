package io.github.flinktrader.records;

/**
 * The account's trading state. ACTIVE trades normally; REDUCING lets only position-reducing orders
 * through; HALTED lets nothing through. Moves toward HALTED are latched: only a manual reset moves
 * back to ACTIVE.
 */
public enum TradingState {
  ACTIVE,
  REDUCING,
  HALTED;

  /** True when {@code next} is at least as restrictive as this state. */
  public boolean allowsAutomatic(TradingState next) {
    return next.ordinal() >= ordinal();
  }
}
