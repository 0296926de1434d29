package io.github.flinktrader.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.execution.RiskLimits;
import io.github.flinktrader.features.FeatureSpec;
import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.offline.data.BitstampSample;
import io.github.flinktrader.offline.data.TradeReplayer;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.testing.LocalKafka;
import io.github.flinktrader.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline on a real Kafka broker, a real PostgreSQL server and Flink with RocksDB:
 * replays the 100,000 real Bitstamp trades (plus some garbage), runs the four jobs on bounded input
 * one after the other, and checks the results in the database against values computed independently
 * from the raw file.
 */
class PipelineEndToEndTest {

  private static LocalKafka kafka;
  private static TestDatabase db;
  private static JobSettings settings;
  private static TreeMap<Long, RawMinute> rawMinutes;

  /** OHLCV of one minute computed straight from the CSV, in file order. */
  record RawMinute(
      BigDecimal open,
      BigDecimal high,
      BigDecimal low,
      BigDecimal close,
      BigDecimal volume,
      int trades) {}

  @BeforeAll
  static void runPipeline() throws Exception {
    kafka = LocalKafka.start();
    db = TestDatabase.create();
    Path checkpoints = Files.createTempDirectory("e2e-checkpoints");
    settings =
        new JobSettings(
            kafka.bootstrapServers(),
            db.settings(),
            true,
            Duration.ofSeconds(2),
            checkpoints.toUri().toString(),
            1,
            "e2e");
    rawMinutes = readRawMinutes();

    try (Producer<byte[], byte[]> producer = TradeReplayer.producer(kafka.bootstrapServers())) {
      TradeReplayer.Result result =
          new TradeReplayer(producer, BitstampSample.SYMBOL, BitstampSample.SOURCE, 0)
              .replay(BitstampSample.open(), sent -> {});
      assertThat(result.sent()).isEqualTo(100_000);
      assertThat(result.deadLettered()).isZero();
      // Garbage a real topic can carry: the ingest job must dead-letter it and go on.
      long t = 1_385_337_600_000L + 30_000;
      producer.send(
          new ProducerRecord<>(
              Topics.TRADES, null, t, null, "{not json".getBytes(StandardCharsets.UTF_8)));
      producer.send(
          new ProducerRecord<>(
              Topics.TRADES,
              null,
              t,
              null,
              ("{\"symbol\":\"BTCUSD\",\"timestamp\":"
                      + t
                      + ",\"price\":-5,\"size\":1,\"tradeId\":\"x\",\"source\":\"t\"}")
                  .getBytes(StandardCharsets.UTF_8)));
      producer.flush();
    }

    for (PipelineJobs.Job job : PipelineJobs.ALL) {
      run(job);
    }
  }

  private static void run(PipelineJobs.Job job) throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(
            Pipelines.configuration(settings, job.name()));
    env.setParallelism(1);
    job.builder().accept(env, settings);
    env.execute(job.name());
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (db != null) {
      db.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void oneBarPerMinuteWithTrades() throws Exception {
    assertThat(rawMinutes).hasSize(9_399);
    assertThat(db.count("select count(*) from bars_1m")).isEqualTo(rawMinutes.size());
    assertThat(kafka.readCommitted(Topics.BARS_1M)).hasSize(rawMinutes.size());
  }

  @Test
  void barsEqualOhlcvComputedFromTheRawTrades() throws Exception {
    List<Long> minutes = new ArrayList<>(rawMinutes.keySet());
    List<Long> sample =
        List.of(
            minutes.get(0),
            minutes.get(1),
            minutes.get(4_700),
            minutes.get(7_777),
            minutes.get(minutes.size() - 1));
    try (Connection c = db.settings().connect();
        Statement s = c.createStatement()) {
      for (long minute : sample) {
        RawMinute expected = rawMinutes.get(minute);
        try (ResultSet rs =
            s.executeQuery(
                "select open, high, low, close, volume, trades from bars_1m "
                    + "where symbol = 'BTCUSD' and bucket_start = to_timestamp("
                    + minute * 60
                    + ")")) {
          assertThat(rs.next()).as("bar for minute %d", minute).isTrue();
          assertThat(rs.getBigDecimal("open")).isEqualByComparingTo(expected.open());
          assertThat(rs.getBigDecimal("high")).isEqualByComparingTo(expected.high());
          assertThat(rs.getBigDecimal("low")).isEqualByComparingTo(expected.low());
          assertThat(rs.getBigDecimal("close")).isEqualByComparingTo(expected.close());
          assertThat(rs.getBigDecimal("volume")).isEqualByComparingTo(expected.volume());
          assertThat(rs.getInt("trades")).isEqualTo(expected.trades());
        }
      }
    }
  }

  @Test
  void longerBarsCoverEveryWindowWithTradesAndMatchTheRawTrades() throws Exception {
    for (int tf : new int[] {5, 15, 60}) {
      long windows = rawMinutes.keySet().stream().map(m -> m / tf).distinct().count();
      assertThat(db.count("select count(*) from bars_agg where timeframe_minutes = " + tf))
          .as("%d-minute bars", tf)
          .isEqualTo(windows);
    }
    // The hour from 2013-11-28 12:00 UTC, from the raw minutes.
    long hourStart = 1_385_640_000L / 60;
    BigDecimal high = null;
    BigDecimal volume = BigDecimal.ZERO;
    int minutes = 0;
    for (var e : rawMinutes.subMap(hourStart, hourStart + 60).entrySet()) {
      high = high == null ? e.getValue().high() : high.max(e.getValue().high());
      volume = volume.add(e.getValue().volume());
      minutes++;
    }
    assertThat(minutes).isPositive();
    assertThat(
            db.count(
                "select count(*) from bars_agg where timeframe_minutes = 60 and bucket_start = to_timestamp(1385640000)"
                    + " and high = "
                    + high
                    + " and volume = "
                    + volume
                    + " and minutes_with_trades = "
                    + minutes))
        .isEqualTo(1);
  }

  @Test
  void aForecastForEveryClosedBarAfterWarmUp() throws Exception {
    long warm = rawMinutes.size() - (FeatureSpec.WARMUP_BARS - 1);
    assertThat(db.count("select count(*) from features")).isEqualTo(rawMinutes.size());
    assertThat(db.count("select count(*) from features where warm")).isEqualTo(warm);
    assertThat(db.count("select count(*) from forecasts")).isEqualTo(warm);
    assertThat(
            db.count(
                """
                select count(*) from (
                  select bucket_end, row_number() over (order by bucket_start) as n from bars_1m
                ) b
                where b.n >= %d
                  and not exists (select 1 from forecasts f where f.bar_end = b.bucket_end)"""
                    .formatted(FeatureSpec.WARMUP_BARS)))
        .isZero();
    assertThat(db.count("select count(*) from forecasts where fallback")).isZero();
    // Quantiles are ordered for every horizon.
    assertThat(
            db.count(
                """
                select count(*) from forecast_points a join forecast_points b
                  on a.symbol = b.symbol and a.bar_end = b.bar_end and a.horizon_minutes = b.horizon_minutes
                 and a.quantile < b.quantile and a.price > b.price"""))
        .isZero();
  }

  @Test
  void noOrderBreaksARiskLimitAndEveryOrderIsFilled() throws Exception {
    RiskLimits limits = RiskLimits.defaults();
    long orders = db.count("select count(*) from orders");
    assertThat(orders).isGreaterThan(10);
    // Orders fill at the opens of the bars after them, at most a quarter of each bar's volume, so
    // large ones fill in parts; what is not filled within an hour expires. Every order is filled
    // or expired, unless it was sent in the last hour of the replay.
    String lastBar = "(select max(bucket_start) from bars_1m)";
    assertThat(
            db.count(
                "select count(*) from orders where status not in ('FILLED', 'EXPIRED') and submitted_at <= "
                    + lastBar
                    + " - interval '61 minutes'"))
        .isZero();
    assertThat(db.count("select count(*) from orders where status = 'FILLED'")).isPositive();
    // The fills of each order add up to what its row says was filled, never more than ordered.
    assertThat(
            db.count(
                """
                select count(*) from orders o
                where o.filled_quantity <> coalesce((select sum(quantity) from fills f
                                                      where f.client_order_id = o.client_order_id), 0)
                   or o.filled_quantity > o.quantity
                   or (o.status = 'FILLED' and o.filled_quantity <> o.quantity)"""))
        .isZero();
    // Every order is explained: its decision, the forecast's model version and its features.
    assertThat(db.count("select count(*) from order_audit")).isEqualTo(orders);
    assertThat(
            db.count(
                "select count(*) from order_audit where model_version is null or forecast_prices is null or feature_values is null"))
        .isZero();
    assertThat(
            db.count(
                "select count(*) from orders o join risk_decisions d using (client_order_id) "
                    + "where d.verdict <> 'APPROVED' or o.quantity * d.reference_price > "
                    + limits.maxOrderNotional()))
        .isZero();
    // The position after each order, recomputed from the orders alone, stays within the limit.
    assertThat(
            db.count(
                """
                select count(*) from (
                  select o.client_order_id, d.reference_price,
                         sum(case when o.side = 'BUY' then o.quantity else -o.quantity end)
                           over (order by o.submitted_at) as position
                  from orders o join risk_decisions d using (client_order_id)
                ) p where abs(p.position) * p.reference_price > %s"""
                    .formatted(limits.maxPositionNotional())))
        .isZero();
    // Fills happen at the open of the next bar, never before the decision.
    assertThat(
            db.count(
                "select count(*) from fills f join orders o using (client_order_id) "
                    + "where f.fill_time < o.submitted_at"))
        .isZero();
    // The ledger agrees with the fills.
    assertThat(
            db.count(
                """
                select count(*) from positions p
                where p.quantity <> (select sum(case when side = 'BUY' then quantity else -quantity end)
                                     from fills f where f.symbol = p.symbol)"""))
        .isZero();
  }

  @Test
  void badInputIsDeadLetteredWithItsReason() throws Exception {
    assertThat(db.count("select count(*) from dead_letters where reason = 'malformed-json'"))
        .isEqualTo(1);
    assertThat(db.count("select count(*) from dead_letters where reason = 'invalid-trade'"))
        .isEqualTo(1);
    // The baseline's drift extrapolation often puts its median beyond the gate's volatility band:
    // those forecasts are refused as implausible, never traded. Nothing else is refused.
    assertThat(
            db.text(
                "select string_agg(reason || '=' || n, ',' order by reason) from"
                    + " (select reason, count(*) n from dead_letters group by reason) r"))
        .matches("implausible-forecast=\\d+,invalid-trade=1,malformed-json=1");
    // On the topic too (a second run of execution below may add its refusals again).
    assertThat(kafka.readCommitted(Topics.DEAD_LETTERS))
        .extracting(
            r -> io.github.flinktrader.serde.Json.read(r.value(), DeadLetter.class).reason())
        .filteredOn(reason -> !reason.equals("implausible-forecast"))
        .containsExactlyInAnyOrder("malformed-json", "invalid-trade");
  }

  @Test
  void runningAJobAgainDoesNotDuplicateRows() throws Exception {
    String counts =
        "select (select count(*) from orders) || '/' || (select count(*) from fills) || '/' "
            + "|| (select count(*) from position_history) || '/' "
            + "|| (select count(*) from risk_decisions where verdict = 'APPROVED')";
    String before = db.text(counts);
    JobSettings again =
        new JobSettings(
            settings.kafkaBootstrap(),
            settings.db(),
            true,
            settings.checkpointInterval(),
            settings.checkpointDir(),
            1,
            "e2e-again");
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(
            Pipelines.configuration(again, "execution"));
    env.setParallelism(1);
    PipelineJobs.ALL.get(3).builder().accept(env, again);
    env.execute("execution again");
    // The gate applies its inputs in event-time order, so the second run approves the same orders.
    // (It may refuse more: it reads the alerts the first run's rules left on the control bus.)
    assertThat(db.text(counts)).isEqualTo(before);
  }

  private static TreeMap<Long, RawMinute> readRawMinutes() throws Exception {
    TreeMap<Long, RawMinute> minutes = new TreeMap<>();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(BitstampSample.open(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank() || line.startsWith("timestamp")) {
          continue;
        }
        String[] c = line.split(",");
        long minute = Long.parseLong(c[0]) / 60;
        BigDecimal price = new BigDecimal(c[1]);
        BigDecimal amount = new BigDecimal(c[2]);
        RawMinute m = minutes.get(minute);
        minutes.put(
            minute,
            m == null
                ? new RawMinute(price, price, price, price, amount, 1)
                : new RawMinute(
                    m.open(),
                    m.high().max(price),
                    m.low().min(price),
                    price,
                    m.volume().add(amount),
                    m.trades() + 1));
      }
    }
    return minutes;
  }
}
