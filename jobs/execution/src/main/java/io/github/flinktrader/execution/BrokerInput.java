package io.github.flinktrader.execution;

import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Order;

/** One input of the simulated broker, keyed by symbol: an order to work or a bar to fill on. */
public record BrokerInput(Order order, MinuteBar bar) {

  public String symbol() {
    return order != null ? order.symbol() : bar.symbol();
  }
}
