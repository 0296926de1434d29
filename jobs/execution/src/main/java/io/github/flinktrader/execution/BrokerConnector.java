package io.github.flinktrader.execution;

import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Fill;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Order;
import java.io.Serializable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where approved orders go: the one interface both brokers implement. A broker takes the approved
 * orders, the market's bars and the commands the risk gate applied (a KILL cancels every open
 * order), and gives back fills, order updates (accepted, partially filled, filled, cancelled,
 * expired, rejected with the broker's reason) and dead letters.
 */
public interface BrokerConnector extends Serializable {

  /**
   * What a broker gives back.
   *
   * @param dead refused inputs, or null when the broker refuses none
   * @param alerts commands the broker raises for the control bus (reconciliation), or null
   */
  record Outputs(
      DataStream<Fill> fills,
      DataStream<Order> updates,
      DataStream<DeadLetter> dead,
      DataStream<ControlCommand> alerts) {}

  String name();

  Outputs connect(
      StreamExecutionEnvironment env,
      JobSettings settings,
      DataStream<Order> orders,
      DataStream<MinuteBar> bars,
      DataStream<ControlCommand> commands);

  /** The simulated broker (demo, backtest): fills from the bars. */
  static BrokerConnector simulated(BrokerConfig config) {
    return new BrokerConnector() {
      private static final long serialVersionUID = 1L;

      @Override
      public String name() {
        return "simulated";
      }

      @Override
      public Outputs connect(
          StreamExecutionEnvironment env,
          JobSettings settings,
          DataStream<Order> orders,
          DataStream<MinuteBar> bars,
          DataStream<ControlCommand> commands) {
        var fills =
            orders
                .map(o -> new BrokerInput(o, null))
                .returns(BrokerInput.class)
                .name("orders to the broker")
                .uid(ExecutionUids.SIMULATED_BROKER + "-orders")
                .union(
                    bars.map(b -> new BrokerInput(null, b))
                        .returns(BrokerInput.class)
                        .name("bars to the broker")
                        .uid(ExecutionUids.SIMULATED_BROKER + "-bars"))
                .keyBy(BrokerInput::symbol)
                .connect(commands.broadcast(SimulatedBroker.CONTROL))
                .process(new SimulatedBroker(config))
                .uid(ExecutionUids.SIMULATED_BROKER)
                .name("simulated broker");
        return new Outputs(
            fills,
            fills.getSideOutput(SimulatedBroker.ORDER_UPDATES),
            fills.getSideOutput(SimulatedBroker.DEAD),
            null);
      }
    };
  }
}
