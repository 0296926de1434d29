package io.github.flinktrader.execution.rules;

import io.github.flinktrader.execution.ClosedTrade;
import io.github.flinktrader.records.ControlCommand;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * {@code count} losing trades in a row in one symbol (a winning trade breaks the streak) put the
 * symbol in cooldown for {@code cooldown}: only position-reducing orders pass.
 */
public record LosingStreakRule(String account, int count, Duration cooldown)
    implements TemporalRule<ClosedTrade> {

  public static LosingStreakRule defaults(String account) {
    return new LosingStreakRule(account, 4, Duration.ofMinutes(60));
  }

  @Override
  public String name() {
    return "losing-streak";
  }

  @Override
  public KeySelector<ClosedTrade, String> symbol() {
    return ClosedTrade::symbol;
  }

  @Override
  public Pattern<ClosedTrade, ?> pattern() {
    return Pattern.<ClosedTrade>begin("losses", AfterMatchSkipStrategy.skipPastLastEvent())
        .where(SimpleCondition.of(t -> t.pnl().signum() < 0))
        .times(count)
        .consecutive();
  }

  @Override
  public ControlCommand alert(Map<String, List<ClosedTrade>> match) {
    List<ClosedTrade> losses = match.get("losses");
    ClosedTrade last = losses.get(losses.size() - 1);
    java.math.BigDecimal total =
        losses.stream()
            .map(ClosedTrade::pnl)
            .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
    return new ControlCommand(
        account,
        ControlCommand.Kind.COOLDOWN,
        last.symbol(),
        last.time(),
        last.time() + cooldown.toMillis(),
        "rule:" + name(),
        losses.size() + " losing trades in a row, " + total.toPlainString() + " in all");
  }
}
