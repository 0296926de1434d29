package io.github.flinktrader.execution;

import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.records.MinuteBar;

/**
 * One input of the account's risk gate: exactly one of a forecast (the strategy decides on it), a
 * bar (marks the book) or a control command. The three streams meet in one keyed operator, so the
 * gate sees them in one order and its state is one value per account.
 */
public record GateInput(String account, Forecast forecast, MinuteBar bar, ControlCommand command) {

  public static GateInput of(String account, Forecast f) {
    return new GateInput(account, f, null, null);
  }

  public static GateInput of(String account, MinuteBar b) {
    return new GateInput(account, null, b, null);
  }

  public static GateInput of(ControlCommand c) {
    return new GateInput(c.account(), null, null, c);
  }
}
