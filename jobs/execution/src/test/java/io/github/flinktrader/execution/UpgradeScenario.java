package io.github.flinktrader.execution;

import static io.github.flinktrader.execution.KafkaJobTesting.producer;
import static io.github.flinktrader.execution.KafkaJobTesting.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.ControlAck;
import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.Fill;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.Position;
import io.github.flinktrader.records.RiskDecision;
import io.github.flinktrader.testing.LocalKafka;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The execution job's upgrade scenario: the job trades two symbols through Kafka, an operator halts
 * one, and at the savepoint the gate and the broker hold the newest minute's inputs (the watermark
 * has not passed them), the broker works partly filled orders and the ledger has positions. Shared
 * by the tool that takes a release's savepoint ({@link TakeExecutionSavepoint}) and the test that
 * restores it into this build ({@link SavepointUpgradeTest}).
 */
final class UpgradeScenario {

  static final long T0 = Fixtures.T0;
  static final long MIN = 60_000L;
  static final String[] SYMBOLS = {"BTCUSD", "ETHUSD"};

  /** The savepoint of each kept release, under {@code savepoints/}, oldest first. */
  static final List<String> RELEASES = List.of("execution-0.1.0-66c528d");

  private UpgradeScenario() {}

  static JobSettings settings(LocalKafka kafka) {
    return new JobSettings(
        kafka.bootstrapServers(),
        null,
        false,
        Duration.ofMillis(500),
        "file://" + System.getProperty("java.io.tmpdir") + "/upgrade-scenario-checkpoints",
        1,
        "upgrade");
  }

  /** Starts the execution job, from {@code savepoint} when it is not null. */
  static JobClient start(LocalKafka kafka, Path savepoint) throws Exception {
    JobSettings settings = settings(kafka);
    Configuration conf = Pipelines.configuration(settings, ExecutionJob.NAME);
    if (savepoint != null) {
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint.toUri().toString());
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    ExecutionJob.build(env, settings, Fixtures.simulatedSetup());
    return env.executeAsync("execution upgrade scenario");
  }

  static MinuteBar bar(String symbol, long minute, String price, String volume) {
    long start = T0 + minute * MIN;
    BigDecimal p = new BigDecimal(price);
    return new MinuteBar(symbol, start, start + MIN, p, p, p, p, new BigDecimal(volume), p, 1);
  }

  static Forecast forecast(String symbol, long minute, double medianReturn) {
    double median = 100 * (1 + medianReturn);
    return new Forecast(
        symbol,
        T0 + minute * MIN,
        "test/1",
        new BigDecimal("100"),
        new int[] {60},
        new double[] {0.1, 0.5, 0.9},
        new double[] {median - 0.5, median, median + 0.5},
        false);
  }

  /**
   * Minute {@code m}'s bars of both symbols (thin: the broker fills a quarter of each bar's volume,
   * so orders stay open over several bars), then the forecasts made on them.
   */
  private static void minute(KafkaProducer<byte[], byte[]> p, long m, boolean forecasts)
      throws InterruptedException {
    String price = String.valueOf(100 + (m % 3));
    for (String s : SYMBOLS) {
      send(p, Topics.BARS_1M, bar(s, m, price, "40"));
    }
    p.flush();
    Thread.sleep(150);
    if (forecasts) {
      send(p, Topics.FORECASTS, forecast("BTCUSD", m + 1, m % 4 == 3 ? -0.03 : 0.03));
      send(p, Topics.FORECASTS, forecast("ETHUSD", m + 1, m % 2 == 0 ? -0.03 : 0.03));
      p.flush();
    }
  }

  /** Minutes 0-4 traded, then ETHUSD halted by an operator (answered before anything else). */
  static void firstPart(LocalKafka kafka) throws Exception {
    try (KafkaProducer<byte[], byte[]> p = producer(kafka)) {
      for (long m = 0; m < 5; m++) {
        minute(p, m, true);
      }
    }
  }

  static ControlCommand halt() {
    return new ControlCommand(
        "paper",
        ControlCommand.Kind.HALT_SYMBOL,
        "ETHUSD",
        T0 + 5 * MIN,
        0,
        "operator:upgrade",
        "upgrade scenario");
  }

  /** Minute 5's bars and forecasts: held in the gate and the broker when the savepoint is taken. */
  static void heldPart(LocalKafka kafka) throws Exception {
    try (KafkaProducer<byte[], byte[]> p = producer(kafka)) {
      minute(p, 5, true);
    }
  }

  /** After the upgrade: minutes 6-11, then a bar far ahead that releases everything held. */
  static void secondPart(LocalKafka kafka) throws Exception {
    try (KafkaProducer<byte[], byte[]> p = producer(kafka)) {
      for (long m = 6; m < 12; m++) {
        minute(p, m, m < 10);
      }
      for (String s : SYMBOLS) {
        send(p, Topics.BARS_1M, bar(s, 40, "101", "10000"));
      }
      p.flush();
    }
  }

  /**
   * Runs the scenario on a running job up to its upgrade point: minutes 0-4 traded, ETHUSD halted
   * (the answer awaited), minute 5 sent and held. What the job wrote by then.
   */
  static Outputs upToTheUpgradePoint(LocalKafka kafka) throws Exception {
    firstPart(kafka);
    settled(kafka, Duration.ofSeconds(3));
    ControlBus.Sent halt =
        ControlBus.sendAndAwait(kafka.bootstrapServers(), halt(), Duration.ofSeconds(30));
    assertThat(halt.ack())
        .hasValueSatisfying(a -> assertThat(a.outcome()).isEqualTo(ControlAck.Outcome.APPLIED));
    heldPart(kafka);
    return settled(kafka, Duration.ofSeconds(3));
  }

  /** What the job wrote, committed. */
  record Outputs(
      List<RiskDecision> decisions,
      List<Order> orders,
      List<Fill> fills,
      List<Position> positions) {

    static Outputs read(LocalKafka kafka) {
      return new Outputs(
          KafkaJobTesting.read(kafka, Topics.RISK_DECISIONS, RiskDecision.class),
          KafkaJobTesting.read(kafka, Topics.ORDERS, Order.class),
          KafkaJobTesting.read(kafka, Topics.FILLS, Fill.class),
          KafkaJobTesting.read(kafka, Topics.POSITIONS, Position.class));
    }

    int size() {
      return decisions.size() + orders.size() + fills.size() + positions.size();
    }
  }

  /** Polls until the job's outputs have not changed for {@code quiet}; at most 120 s. */
  static Outputs settled(LocalKafka kafka, Duration quiet) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    Outputs last = Outputs.read(kafka);
    long stableSince = System.currentTimeMillis();
    while (System.currentTimeMillis() < deadline) {
      Thread.sleep(250);
      Outputs now = Outputs.read(kafka);
      if (now.size() != last.size()) {
        last = now;
        stableSince = System.currentTimeMillis();
      } else if (System.currentTimeMillis() - stableSince >= quiet.toMillis()) {
        return now;
      }
    }
    throw new AssertionError("the job's outputs did not settle; last: " + last.size());
  }

  /** The repository's {@code savepoints/} folder, found from the module's directory. */
  static Path savepoints() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("savepoints"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "no savepoints/ folder above " + Path.of("").toAbsolutePath());
    }
    return dir.resolve("savepoints");
  }

  /** The one savepoint folder inside a release's folder. */
  static Path savepointOf(String release) throws Exception {
    try (var entries = Files.list(savepoints().resolve(release))) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith("savepoint-"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no savepoint in " + release));
    }
  }
}
