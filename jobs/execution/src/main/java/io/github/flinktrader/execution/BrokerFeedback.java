package io.github.flinktrader.execution;

import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.Order;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * The broker's feedback to the gate: for each order the broker ended before filling it, the
 * UNFILLED command that takes the remainder back out of the gate's book (it booked the whole order
 * at approval). It travels on {@code broker.feedback}, never on the operators' control bus.
 */
final class BrokerFeedback implements FlatMapFunction<Order, ControlCommand> {

  private static final long serialVersionUID = 1L;

  private final String account;
  private final String broker;

  BrokerFeedback(String account, String broker) {
    this.account = account;
    this.broker = broker;
  }

  @Override
  public void flatMap(Order o, Collector<ControlCommand> out) {
    unfilled(o, account, broker).ifPresent(out::collect);
  }

  /**
   * For an order the broker ended (expired, cancelled, rejected) before filling it completely, the
   * command that takes the remainder out of the gate's book. Children of an iceberg are left out:
   * their parent's end covers them.
   */
  static java.util.Optional<ControlCommand> unfilled(Order o, String account, String broker) {
    if (!o.status().endedEarly() || o.parentClientOrderId() != null) {
      return java.util.Optional.empty();
    }
    java.math.BigDecimal filled =
        o.filledQuantity() == null ? java.math.BigDecimal.ZERO : o.filledQuantity();
    java.math.BigDecimal left = o.quantity().subtract(filled);
    if (left.signum() <= 0) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new ControlCommand(
            account,
            ControlCommand.Kind.UNFILLED,
            o.symbol(),
            o.submittedAt(),
            0,
            "broker:" + broker,
            o.status() + " " + o.clientOrderId() + ": " + left.toPlainString() + " not filled",
            o.side().sign() > 0 ? left : left.negate()));
  }
}
