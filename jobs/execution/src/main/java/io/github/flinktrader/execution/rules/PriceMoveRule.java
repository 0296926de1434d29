package io.github.flinktrader.execution.rules;

import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.MinuteBar;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;

/**
 * A price move beyond {@code threshold} (a fraction) from one bar's close to the high or low of the
 * next bar within {@code window} halts new orders in the symbol for {@code haltFor}: a volatility
 * halt, like an exchange's limit-up/limit-down pause, while forecasts made on calmer data catch up.
 */
public record PriceMoveRule(String account, double threshold, Duration window, Duration haltFor)
    implements TemporalRule<MinuteBar> {

  public static PriceMoveRule defaults(String account) {
    return new PriceMoveRule(account, 0.05, Duration.ofMinutes(2), Duration.ofMinutes(15));
  }

  @Override
  public String name() {
    return "price-move";
  }

  @Override
  public KeySelector<MinuteBar, String> symbol() {
    return MinuteBar::symbol;
  }

  @Override
  public Pattern<MinuteBar, ?> pattern() {
    double x = threshold;
    return Pattern.<MinuteBar>begin("from", AfterMatchSkipStrategy.skipPastLastEvent())
        .next("to")
        .where(
            new IterativeCondition<>() {
              private static final long serialVersionUID = 1L;

              @Override
              public boolean filter(MinuteBar to, Context<MinuteBar> ctx) throws Exception {
                for (MinuteBar from : ctx.getEventsForPattern("from")) {
                  if (to.start() - from.end() < window.toMillis() && move(from, to) > x) {
                    return true;
                  }
                }
                return false;
              }
            })
        .within(window.plus(Duration.ofMinutes(1)));
  }

  /** The largest relative distance of {@code to}'s high or low from {@code from}'s close. */
  static double move(MinuteBar from, MinuteBar to) {
    double c = from.close().doubleValue();
    return Math.max(
        Math.abs(to.high().doubleValue() / c - 1), Math.abs(to.low().doubleValue() / c - 1));
  }

  @Override
  public ControlCommand alert(Map<String, List<MinuteBar>> match) {
    MinuteBar from = match.get("from").get(0);
    MinuteBar to = match.get("to").get(0);
    return new ControlCommand(
        account,
        ControlCommand.Kind.VOLATILITY_HALT,
        to.symbol(),
        to.end(),
        to.end() + haltFor.toMillis(),
        "rule:" + name(),
        String.format(
            "price moved %.2f%% from %s to %s-%s within a bar (limit %.2f%%)",
            100 * move(from, to),
            from.close().toPlainString(),
            to.low().toPlainString(),
            to.high().toPlainString(),
            100 * threshold));
  }
}
