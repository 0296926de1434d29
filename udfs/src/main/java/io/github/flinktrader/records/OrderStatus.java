package io.github.flinktrader.records;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Order lifecycle states as brokers report them, and the moves between them: an order is NEW (the
 * gate approved it), ACCEPTED (the broker works it), PARTIALLY_FILLED, and ends FILLED or ended
 * early (CANCELED, EXPIRED, REJECTED). An ended order never changes again.
 */
public enum OrderStatus {
  /** Approved by the risk gate, not yet acknowledged by the broker. */
  NEW,
  /** Acknowledged by the broker, working. */
  ACCEPTED,
  PARTIALLY_FILLED,
  FILLED,
  CANCELED,
  EXPIRED,
  REJECTED;

  /** True once the order can change no more: filled, or ended early. */
  public boolean isTerminal() {
    return this == FILLED || endedEarly();
  }

  /** True when the broker ended the order before it filled completely. */
  public boolean endedEarly() {
    return this == CANCELED || this == EXPIRED || this == REJECTED;
  }

  /** The statuses an order in this one may move to (a status may repeat: fills accumulate). */
  public Set<OrderStatus> next() {
    return switch (this) {
      case NEW -> EnumSet.of(ACCEPTED, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED, REJECTED);
      case ACCEPTED -> EnumSet.of(PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED, REJECTED);
      case PARTIALLY_FILLED -> EnumSet.of(PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED);
      default -> EnumSet.noneOf(OrderStatus.class);
    };
  }

  /** True when an order in this status may move to {@code to}. */
  public boolean canMoveTo(OrderStatus to) {
    return next().contains(to);
  }

  /**
   * Every allowed move as SQL row values, {@code ('NEW', 'ACCEPTED'), ...}: for the guards of the
   * tables that keep an order's latest status.
   */
  public static String movesAsSqlRows() {
    return EnumSet.allOf(OrderStatus.class).stream()
        .flatMap(
            from -> from.next().stream().map(to -> "('" + from.name() + "', '" + to.name() + "')"))
        .collect(Collectors.joining(", "));
  }
}
