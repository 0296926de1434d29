package io.github.flinktrader.execution.alpaca;

import static io.github.flinktrader.execution.KafkaJobTesting.producer;
import static io.github.flinktrader.execution.KafkaJobTesting.read;
import static io.github.flinktrader.execution.KafkaJobTesting.send;
import static io.github.flinktrader.execution.KafkaJobTesting.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.execution.AccountRiskGate;
import io.github.flinktrader.execution.AlpacaConnector;
import io.github.flinktrader.execution.ExecutionJob;
import io.github.flinktrader.execution.QuantileEdgeStrategy;
import io.github.flinktrader.execution.RiskGate;
import io.github.flinktrader.execution.RiskLimits;
import io.github.flinktrader.execution.StrategyConfig;
import io.github.flinktrader.fakes.FakeAlpaca;
import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.Fill;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.OrderStatus;
import io.github.flinktrader.records.Position;
import io.github.flinktrader.testing.LocalKafka;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * The execution job with the Alpaca broker, end to end: Kafka in, the job on a local Flink cluster,
 * orders to a fake Alpaca that loses the answer to the first order, fills back from its
 * trade-updates stream into the ledger and Kafka out. Each order is created once at the broker and
 * the ledger's position is what Alpaca holds.
 */
class AlpacaExecutionTest {

  private static final long MIN = 60_000L;

  @Test
  void ordersReachAlpacaOnceAndItsFillsReachTheLedger() throws Exception {
    // Live trading: event times are now, so the fills (stamped by Alpaca) line up with the bars.
    long t0 = System.currentTimeMillis() / MIN * MIN - 10 * MIN;
    try (LocalKafka kafka = LocalKafka.start();
        FakeAlpaca fake = new FakeAlpaca()) {
      fake.inject(FakeAlpaca.Fault.ERROR_AFTER); // the answer to the first order is lost
      AlpacaConfig config =
          AlpacaConfig.at(fake.restUrl())
              .withStreamUrl(fake.streamUrl())
              .withPolicy(
                  AlpacaClient.defaultPolicy()
                      .withBackoff(
                          Duration.ofMillis(20), Duration.ofMillis(500), Duration.ofMillis(200)))
              .withReconcileEvery(Duration.ofSeconds(1))
              .withSecretEnv(
                  Map.of(
                      "APCA_API_KEY_ID", FakeAlpaca.KEY, "APCA_API_SECRET_KEY", FakeAlpaca.SECRET));
      ExecutionJob.Setup setup =
          new ExecutionJob.Setup(
              new QuantileEdgeStrategy(StrategyConfig.defaults()),
              new RiskGate(
                  RiskLimits.builder().targetMinuteVolatility(0).forecastMaxMove(1.0).build()),
              new AlpacaConnector(config, "paper"),
              ExecutionJob.Rules.defaults("paper"),
              AccountRiskGate.Ordering.EVENT_TIME);
      JobSettings settings =
          new JobSettings(
              kafka.bootstrapServers(),
              null,
              false,
              Duration.ofMillis(500),
              "file:///tmp/alpaca-execution-test-checkpoints",
              1,
              "alpaca");
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.getExecutionEnvironment(
              Pipelines.configuration(settings, ExecutionJob.NAME));
      env.setParallelism(1);
      ExecutionJob.build(env, settings, setup);
      JobClient job = env.executeAsync("execution with alpaca");
      try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
        BigDecimal p = new BigDecimal("100");
        for (long m = 0; m < 5; m++) {
          long start = t0 + m * MIN;
          send(
              producer,
              Topics.BARS_1M,
              new MinuteBar("BTCUSD", start, start + MIN, p, p, p, p, BigDecimal.TEN, p, 1));
          producer.flush();
          Thread.sleep(300);
          send(
              producer,
              Topics.FORECASTS,
              new Forecast(
                  "BTCUSD",
                  start + MIN,
                  "test/1",
                  p,
                  new int[] {60},
                  new double[] {0.1, 0.5, 0.9},
                  new double[] {140, 150, 160},
                  false));
          producer.flush();
        }
        // 200 + 200 + 100 units toward the 500-unit target.
        List<Order> accepted =
            waitFor(
                () ->
                    read(kafka, Topics.ORDERS, Order.class).stream()
                        .filter(o -> o.status() == OrderStatus.NEW)
                        .toList(),
                o -> o.size() == 3,
                "three orders");
        List<Fill> fills =
            waitFor(
                () -> read(kafka, Topics.FILLS, Fill.class),
                f ->
                    f.stream()
                            .map(Fill::quantity)
                            .reduce(BigDecimal.ZERO, BigDecimal::add)
                            .compareTo(new BigDecimal("500"))
                        == 0,
                "fills of 500 units");
        for (Order o : accepted) {
          assertThat(fake.creations(o.clientOrderId())).as(o.clientOrderId()).isEqualTo(1);
          assertThat(
                  fills.stream()
                      .filter(f -> f.clientOrderId().equals(o.clientOrderId()))
                      .map(Fill::quantity)
                      .reduce(BigDecimal.ZERO, BigDecimal::add))
              .isEqualByComparingTo(o.quantity());
        }
        assertThat(fills).extracting(Fill::fillId).doesNotHaveDuplicates();
        List<Position> positions =
            waitFor(
                () -> read(kafka, Topics.POSITIONS, Position.class),
                ps ->
                    !ps.isEmpty()
                        && ps.get(ps.size() - 1).quantity().compareTo(new BigDecimal("500")) == 0,
                "the ledger at 500");
        assertThat(positions.get(positions.size() - 1).fills()).isEqualTo(fills.size());
        assertThat(read(kafka, Topics.ORDERS, Order.class))
            .filteredOn(o -> o.status() == OrderStatus.FILLED)
            .extracting(Order::clientOrderId)
            .containsExactlyInAnyOrderElementsOf(
                accepted.stream().map(Order::clientOrderId).toList());
      } finally {
        job.cancel().get();
      }
    }
  }
}
