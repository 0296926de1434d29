package io.github.flinktrader.execution;

import io.github.flinktrader.records.Fill;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.Side;
import java.math.BigDecimal;

final class Fixtures {

  static final long T0 = 1_385_337_600_000L;
  private static final java.util.concurrent.atomic.AtomicInteger FILL_IDS =
      new java.util.concurrent.atomic.AtomicInteger();

  private Fixtures() {}

  /**
   * The default setup with the simulated broker, the gate in event-time order, and no volatility
   * scaling or forecast-move bound, so small test bars and forecasts trade at their full size: the
   * setup of the tests that run the whole execution workflow.
   */
  static ExecutionJob.Setup simulatedSetup() {
    return new ExecutionJob.Setup(
        new QuantileEdgeStrategy(StrategyConfig.defaults()),
        new RiskGate(RiskLimits.builder().targetMinuteVolatility(0).forecastMaxMove(1.0).build()),
        BrokerConnector.simulated(BrokerConfig.defaults()),
        ExecutionJob.Rules.defaults("paper"),
        AccountRiskGate.Ordering.EVENT_TIME);
  }

  /** A forecast at {@code minute} whose 1 h median and P10/P90 are given as returns from 100. */
  static Forecast forecast(long minute, double medianReturn, double halfWidth, boolean fallback) {
    double ref = 100;
    double median = ref * (1 + medianReturn);
    return new Forecast(
        "BTCUSD",
        T0 + minute * 60_000,
        "test/1",
        new BigDecimal("100"),
        new int[] {60},
        new double[] {0.1, 0.5, 0.9},
        new double[] {median - ref * halfWidth, median, median + ref * halfWidth},
        fallback);
  }

  static MinuteBar bar(long minute, String open) {
    return bar(minute, open, "1000");
  }

  /** A flat bar at {@code open} with {@code volume} traded. */
  static MinuteBar bar(long minute, String open, String volume) {
    long start = T0 + minute * 60_000;
    BigDecimal o = new BigDecimal(open);
    return new MinuteBar("BTCUSD", start, start + 60_000, o, o, o, o, new BigDecimal(volume), o, 1);
  }

  /** A bar with its own range. */
  static MinuteBar bar(
      long minute, String open, String high, String low, String close, String volume) {
    long start = T0 + minute * 60_000;
    return new MinuteBar(
        "BTCUSD",
        start,
        start + 60_000,
        new BigDecimal(open),
        new BigDecimal(high),
        new BigDecimal(low),
        new BigDecimal(close),
        new BigDecimal(volume),
        new BigDecimal(close),
        1);
  }

  static Order order(String id, long decisionMinute, Side side, String qty) {
    return Order.market(id, "BTCUSD", T0 + decisionMinute * 60_000, side, new BigDecimal(qty));
  }

  static Fill fill(Side side, String qty, String price, String commission) {
    return new Fill(
        "f" + FILL_IDS.incrementAndGet(),
        "o",
        "BTCUSD",
        T0,
        side,
        new BigDecimal(qty),
        new BigDecimal(price),
        new BigDecimal(commission));
  }
}
