package io.github.flinktrader.records;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * A command on the trading control bus ({@code trading.control}): from an operator (the kill
 * switch, a manual reset) or from a temporal risk rule (halt a symbol, throttle it, cool down).
 *
 * @param account the trading account the command is for
 * @param symbol the symbol it concerns, or null for the whole account
 * @param issuedAt when it was issued, epoch milliseconds (event time)
 * @param until for time-limited commands (throttle, cooldown, volatility halt), when they lapse; 0
 *     for commands that hold until a reset
 * @param source who issued it: {@code operator:<user>} or {@code rule:<name>}
 * @param reason why, in words
 * @param quantity for UNFILLED, the signed quantity the broker will not fill (positive for a buy);
 *     null otherwise
 */
public record ControlCommand(
    String account,
    Kind kind,
    String symbol,
    long issuedAt,
    long until,
    String source,
    String reason,
    BigDecimal quantity)
    implements Event {

  /** A command without a quantity (all but UNFILLED). */
  public ControlCommand(
      String account,
      Kind kind,
      String symbol,
      long issuedAt,
      long until,
      String source,
      String reason) {
    this(account, kind, symbol, issuedAt, until, source, reason, null);
  }

  /** What the command does. */
  public enum Kind {
    /** Halt the account (latched), cancel every open order, block new ones. */
    KILL,
    /** Only orders that reduce a position pass (latched). */
    REDUCE,
    /** Back to ACTIVE from REDUCING or HALTED; clears symbol halts. Manual only. */
    RESET,
    /** Block new orders in one symbol (latched until RESET or RESUME_SYMBOL). */
    HALT_SYMBOL,
    /** Lift a symbol halt. */
    RESUME_SYMBOL,
    /** Block orders in one symbol until {@code until} (a price-move halt). */
    VOLATILITY_HALT,
    /** Halve the order rate allowed for the symbol until {@code until}. */
    THROTTLE,
    /** Only position-reducing orders in the symbol until {@code until}. */
    COOLDOWN,
    /**
     * From the broker: part of an approved order will not fill (expired, cancelled, rejected); the
     * gate takes {@code quantity} back out of its book.
     */
    UNFILLED
  }

  @Override
  public String key() {
    return account;
  }

  @Override
  public long eventTime() {
    return issuedAt;
  }

  /** The same command from {@code newSource}. */
  public ControlCommand withSource(String newSource) {
    return new ControlCommand(account, kind, symbol, issuedAt, until, newSource, reason, quantity);
  }

  /** True for commands that concern one symbol. */
  public boolean perSymbol() {
    return kind == Kind.HALT_SYMBOL
        || kind == Kind.RESUME_SYMBOL
        || kind == Kind.VOLATILITY_HALT
        || kind == Kind.THROTTLE
        || kind == Kind.COOLDOWN
        || kind == Kind.UNFILLED;
  }

  @Override
  public Optional<String> violation() {
    return Checks.firstOf(
        Checks.notBlank("account", account),
        Checks.maxLength("account", account, 100),
        Checks.notNull("kind", kind),
        symbol == null ? null : Checks.symbol("symbol", symbol),
        Checks.positiveTime("issuedAt", issuedAt),
        kind != null && perSymbol() && (symbol == null || symbol.isBlank())
            ? kind + " needs a symbol"
            : null,
        (kind == Kind.VOLATILITY_HALT || kind == Kind.THROTTLE || kind == Kind.COOLDOWN)
                && until <= issuedAt
            ? kind + " needs an end after it is issued"
            : null,
        kind == Kind.UNFILLED && (quantity == null || quantity.signum() == 0)
            ? "UNFILLED needs a non-zero quantity"
            : null,
        quantity == null ? null : Checks.inRange("quantity", quantity),
        Checks.notBlank("source", source),
        Checks.maxLength("source", source, 200),
        Checks.notBlank("reason", reason),
        Checks.maxLength("reason", reason, 2_000));
  }
}
