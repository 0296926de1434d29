package io.github.flinktrader.execution.rules;

import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.OrderStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * {@code count} broker rejections of a symbol's orders within {@code window} halt the symbol until
 * a manual reset: something is wrong with the orders or the account that retrying will not fix.
 */
public record BrokerRejectionsRule(String account, int count, Duration window)
    implements TemporalRule<Order> {

  public static BrokerRejectionsRule defaults(String account) {
    return new BrokerRejectionsRule(account, 3, Duration.ofMinutes(5));
  }

  @Override
  public String name() {
    return "broker-rejections";
  }

  @Override
  public KeySelector<Order, String> symbol() {
    return Order::symbol;
  }

  @Override
  public Pattern<Order, ?> pattern() {
    return Pattern.<Order>begin("rejected", AfterMatchSkipStrategy.skipPastLastEvent())
        .where(SimpleCondition.of(o -> o.status() == OrderStatus.REJECTED))
        .times(count)
        .within(window);
  }

  @Override
  public ControlCommand alert(Map<String, List<Order>> match) {
    List<Order> rejected = match.get("rejected");
    Order last = rejected.get(rejected.size() - 1);
    return new ControlCommand(
        account,
        ControlCommand.Kind.HALT_SYMBOL,
        last.symbol(),
        last.submittedAt(),
        0,
        "rule:" + name(),
        rejected.size()
            + " broker rejections within "
            + window.toSeconds()
            + " s, the last: "
            + last.reason());
  }
}
