package io.github.flinktrader.execution;

import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Order;
import java.util.Comparator;

/** One input of the simulated broker, keyed by symbol: an order to work or a bar to fill on. */
public record BrokerInput(Order order, MinuteBar bar) {

  /**
   * The order in which the inputs held for one time are worked: orders before bars, orders by
   * client order id, bars by start; the same on every replay.
   */
  public static final Comparator<BrokerInput> REPLAY_ORDER =
      Comparator.comparingInt((BrokerInput i) -> i.order() != null ? 0 : 1)
          .thenComparing(
              (a, b) ->
                  a.order() != null
                      ? a.order().clientOrderId().compareTo(b.order().clientOrderId())
                      : Long.compare(a.bar().start(), b.bar().start()));

  public String symbol() {
    return order != null ? order.symbol() : bar.symbol();
  }
}
