package io.github.flinktrader.execution;

import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.records.MinuteBar;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Comparator;

/**
 * One input of the account's risk gate: exactly one of a forecast (the strategy decides on it), a
 * bar (marks the book) or a control command. The three streams meet in one keyed operator, so the
 * gate sees them in one order and its state is one value per account.
 */
public record GateInput(String account, Forecast forecast, MinuteBar bar, ControlCommand command) {

  private static final Comparator<String> TEXT = Comparator.nullsFirst(Comparator.naturalOrder());
  private static final Comparator<BigDecimal> NUMBER =
      Comparator.nullsFirst(Comparator.naturalOrder());

  private static final Comparator<MinuteBar> BARS =
      Comparator.comparingLong(MinuteBar::start)
          .thenComparing(MinuteBar::close, NUMBER)
          .thenComparing(MinuteBar::volume, NUMBER);

  private static final Comparator<ControlCommand> COMMANDS =
      Comparator.comparing(ControlCommand::kind)
          .thenComparingLong(ControlCommand::issuedAt)
          .thenComparing(ControlCommand::source, TEXT)
          .thenComparing(ControlCommand::reason, TEXT)
          .thenComparing(ControlCommand::quantity, NUMBER);

  private static final Comparator<Forecast> FORECASTS =
      Comparator.comparing(Forecast::modelVersion, TEXT)
          .thenComparing((a, b) -> Arrays.compare(a.prices(), b.prices()))
          .thenComparing(Forecast::fallback);

  /**
   * The order in which the inputs held for one time are applied: bars, then the rules' alerts, then
   * the forecasts made on them; then by symbol, then by content; the same on every replay.
   */
  public static final Comparator<GateInput> REPLAY_ORDER =
      Comparator.comparingInt(GateInput::rank)
          .thenComparing(GateInput::symbol, TEXT)
          .thenComparing(
              (a, b) ->
                  switch (a.rank()) {
                    case 0 -> BARS.compare(a.bar(), b.bar());
                    case 1 -> COMMANDS.compare(a.command(), b.command());
                    default -> FORECASTS.compare(a.forecast(), b.forecast());
                  });

  private int rank() {
    return bar != null ? 0 : command != null ? 1 : 2;
  }

  /** The symbol the input is about; null for an account-wide command. */
  public String symbol() {
    return bar != null ? bar.symbol() : forecast != null ? forecast.symbol() : command.symbol();
  }

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
