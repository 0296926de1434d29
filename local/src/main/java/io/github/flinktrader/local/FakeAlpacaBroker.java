package io.github.flinktrader.local;

import io.github.flinktrader.execution.AccountRiskGate;
import io.github.flinktrader.execution.AlpacaConnector;
import io.github.flinktrader.execution.ExecutionJob;
import io.github.flinktrader.execution.QuantileEdgeStrategy;
import io.github.flinktrader.execution.RiskGate;
import io.github.flinktrader.execution.RiskLimits;
import io.github.flinktrader.execution.StrategyConfig;
import io.github.flinktrader.execution.alpaca.AlpacaConfig;
import io.github.flinktrader.fakes.FakeAlpaca;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.http.Secrets;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.serde.WireFormat;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The demo's Alpaca: the test suite's fake Alpaca (Trading API and trade-updates stream in Alpaca's
 * wire formats) on free local ports, accepting only the keys exported in {@code APCA_API_KEY_ID} /
 * {@code APCA_API_SECRET_KEY}, and filling market orders at the newest minute bar's close, which it
 * follows on {@code market.bars.1m}. The execution job reaches it through the real Alpaca
 * connector, with its keys from the same environment.
 */
final class FakeAlpacaBroker implements AutoCloseable {

  private final FakeAlpaca fake;
  private final Thread follower;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong bars = new AtomicLong();

  private FakeAlpacaBroker(FakeAlpaca fake, String bootstrap) {
    this.fake = fake;
    this.follower = new Thread(() -> follow(bootstrap), "fake-alpaca-prices");
    follower.setDaemon(true);
    follower.start();
  }

  static FakeAlpacaBroker start(String bootstrap) throws Exception {
    Secrets secrets = Secrets.fromEnvironment();
    return new FakeAlpacaBroker(
        new FakeAlpaca(
            secrets.require("APCA_API_KEY_ID").reveal(),
            secrets.require("APCA_API_SECRET_KEY").reveal()),
        bootstrap);
  }

  String describe() {
    return "fake at "
        + fake.restUrl()
        + " (stream "
        + fake.streamUrl()
        + "), keys from the environment";
  }

  String summary() {
    return String.format(
        "fake Alpaca: %,d order submissions received, %,d prices followed",
        fake.posts(), bars.get());
  }

  /** The execution job with the Alpaca connector pointed at the fake. */
  ExecutionJob.Setup executionSetup() {
    RiskLimits limits = RiskLimits.defaults();
    return new ExecutionJob.Setup(
        new QuantileEdgeStrategy(StrategyConfig.defaults()),
        new RiskGate(limits),
        new AlpacaConnector(
            AlpacaConfig.at(fake.restUrl()).withStreamUrl(fake.streamUrl()), limits.account()),
        ExecutionJob.Rules.defaults(limits.account()),
        // A replay runs faster than the minutes it replays: event-time order keeps forecasts with
        // their bars.
        AccountRiskGate.Ordering.EVENT_TIME);
  }

  private void follow(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "fake-alpaca-prices-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.BARS_1M));
      while (running.get()) {
        for (var r : consumer.poll(Duration.ofMillis(200))) {
          try {
            MinuteBar b = WireFormat.read(r.value(), MinuteBar.class);
            fake.lastPrice(alpacaSymbol(b.symbol()), b.close());
            bars.incrementAndGet();
          } catch (Exception e) {
            // a malformed bar is the ingest job's dead letter, not the fake's concern
          }
        }
      }
    }
  }

  private static String alpacaSymbol(String symbol) {
    return symbol.matches("[A-Z]{2,6}USD")
        ? symbol.substring(0, symbol.length() - 3) + "/USD"
        : symbol;
  }

  @Override
  public void close() throws Exception {
    running.set(false);
    follower.join(5_000);
    fake.close();
  }
}
