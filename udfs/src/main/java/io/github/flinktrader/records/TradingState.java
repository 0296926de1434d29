package io.github.flinktrader.records;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The account's trading state. ACTIVE trades normally; REDUCING lets only position-reducing orders
 * through; HALTED lets nothing through. Moves toward HALTED are latched: only a manual reset moves
 * back to ACTIVE. The moves are data ({@link #on}): an event without a move from the current state
 * changes nothing.
 */
public enum TradingState {
  ACTIVE,
  REDUCING,
  HALTED;

  /** What may move the account's trading state. */
  public enum Event {
    /** An operator's kill switch. */
    KILL,
    /** An operator's reduce-only. */
    REDUCE,
    /** An operator's reset: the only way back to ACTIVE. */
    RESET,
    /** The day's loss reached its limit. */
    DAILY_LOSS_LIMIT,
    /** Equity fell its maximum drawdown below its peak. */
    MAX_DRAWDOWN
  }

  private static final Map<TradingState, Map<Event, TradingState>> MOVES =
      new EnumMap<>(TradingState.class);

  static {
    move(ACTIVE, Event.KILL, HALTED);
    move(ACTIVE, Event.REDUCE, REDUCING);
    move(ACTIVE, Event.DAILY_LOSS_LIMIT, HALTED);
    move(ACTIVE, Event.MAX_DRAWDOWN, REDUCING);
    move(REDUCING, Event.KILL, HALTED);
    move(REDUCING, Event.DAILY_LOSS_LIMIT, HALTED);
    move(REDUCING, Event.RESET, ACTIVE);
    move(HALTED, Event.RESET, ACTIVE);
  }

  private static void move(TradingState from, Event e, TradingState to) {
    MOVES.computeIfAbsent(from, s -> new EnumMap<>(Event.class)).put(e, to);
  }

  /** The state {@code event} moves this one to; empty when it has no move from here. */
  public Optional<TradingState> on(Event event) {
    return Optional.ofNullable(moves().get(event));
  }

  /** Every move from this state, by event. */
  public Map<Event, TradingState> moves() {
    return Collections.unmodifiableMap(MOVES.getOrDefault(this, Map.of()));
  }
}
