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
 * {@code count} new orders in one symbol within {@code window} throttle the symbol (its order rate
 * limit is halved) for {@code throttleFor}: a strategy that flips back and forth pays spread and
 * commission each time.
 */
public record OrderBurstRule(String account, int count, Duration window, Duration throttleFor)
    implements TemporalRule<Order> {

  public static OrderBurstRule defaults(String account) {
    return new OrderBurstRule(account, 5, Duration.ofMinutes(10), Duration.ofMinutes(30));
  }

  @Override
  public String name() {
    return "order-burst";
  }

  @Override
  public KeySelector<Order, String> symbol() {
    return Order::symbol;
  }

  @Override
  public Pattern<Order, ?> pattern() {
    return Pattern.<Order>begin("orders", AfterMatchSkipStrategy.skipPastLastEvent())
        .where(SimpleCondition.of(o -> o.status() == OrderStatus.NEW))
        .times(count)
        .within(window);
  }

  @Override
  public ControlCommand alert(Map<String, List<Order>> match) {
    List<Order> orders = match.get("orders");
    Order first = orders.get(0);
    Order last = orders.get(orders.size() - 1);
    return new ControlCommand(
        account,
        ControlCommand.Kind.THROTTLE,
        last.symbol(),
        last.submittedAt(),
        last.submittedAt() + throttleFor.toMillis(),
        "rule:" + name(),
        orders.size()
            + " orders in "
            + (last.submittedAt() - first.submittedAt()) / 1000
            + " s (limit "
            + count
            + " within "
            + window.toSeconds()
            + " s)");
  }
}
