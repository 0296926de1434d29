package io.github.flinktrader.execution;

import io.github.flinktrader.execution.alpaca.AlpacaBroker;
import io.github.flinktrader.execution.alpaca.AlpacaConfig;
import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.Fill;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Order;
import java.net.URI;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * Alpaca behind {@link BrokerConnector}: paper trading unless built with {@code --alpaca-live
 * true}; {@code --alpaca-url} (and {@code --alpaca-stream-url}, by default {@code /stream} on the
 * same host) point it elsewhere (a fake server, a proxy). Fills and order updates come from the
 * broker's clock, so they are re-stamped with their own times for the event-time rules and ledger
 * downstream. Reconciliation alerts (a position that differs) join the rules' alerts on the control
 * bus.
 */
public final class AlpacaConnector implements BrokerConnector {

  private static final long serialVersionUID = 1L;

  private final AlpacaConfig config;
  private final String account;

  public AlpacaConnector(AlpacaConfig config, String account) {
    this.config = config;
    this.account = account;
  }

  static AlpacaConnector fromArgs(ParameterTool p, String account) {
    AlpacaConfig config;
    if (p.has("alpaca-url")) {
      config = AlpacaConfig.at(URI.create(p.get("alpaca-url")));
    } else if (p.getBoolean("alpaca-live", false)) {
      config = AlpacaConfig.live();
    } else {
      config = AlpacaConfig.paper();
    }
    if (p.has("alpaca-stream-url")) {
      config = config.withStreamUrl(URI.create(p.get("alpaca-stream-url")));
    }
    return new AlpacaConnector(config, account);
  }

  public AlpacaConfig config() {
    return config;
  }

  @Override
  public String name() {
    return "alpaca";
  }

  @Override
  public Outputs connect(
      StreamExecutionEnvironment env,
      JobSettings settings,
      DataStream<Order> orders,
      DataStream<MinuteBar> bars,
      DataStream<ControlCommand> commands) {
    String acct = account;
    SingleOutputStreamOperator<Fill> fills =
        orders
            .keyBy(o -> acct)
            .connect(commands.keyBy(c -> acct))
            .process(new AlpacaBroker(config, acct))
            .uid(ExecutionUids.ALPACA_BROKER)
            .name("alpaca broker");
    DataStream<Fill> stamped =
        fills
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<Fill>forBoundedOutOfOrderness(Duration.ofSeconds(5))
                    .withTimestampAssigner((f, t) -> f.time())
                    .withIdleness(Duration.ofSeconds(1)))
            .uid(ExecutionUids.ALPACA_UPDATES + "-fill-time")
            .name("fills in broker time");
    DataStream<Order> updates =
        fills
            .getSideOutput(AlpacaBroker.ORDER_UPDATES)
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<Order>forBoundedOutOfOrderness(Duration.ofSeconds(5))
                    .withTimestampAssigner((o, t) -> System.currentTimeMillis())
                    .withIdleness(Duration.ofSeconds(1)))
            .uid(ExecutionUids.ALPACA_UPDATES + "-update-time")
            .name("order updates in broker time");
    return new Outputs(stamped, updates, null, fills.getSideOutput(AlpacaBroker.ALERTS));
  }
}
