package io.github.flinktrader.records;

import java.math.BigDecimal;
import java.util.List;

/** One well-formed instance of every record type that flows between jobs. */
public final class Samples {

  public static final long T0 = 1_385_337_600_000L; // 2013-11-25T00:00Z

  private Samples() {}

  public static Trade trade() {
    return new Trade(
        "BTCUSD", T0 + 1_000, new BigDecimal("784.12"), new BigDecimal("0.0001"), "7", "test");
  }

  public static MinuteBar bar() {
    return new MinuteBar(
        "BTCUSD",
        T0,
        T0 + 60_000,
        new BigDecimal("784.12"),
        new BigDecimal("790.00"),
        new BigDecimal("780.5"),
        new BigDecimal("786.3"),
        new BigDecimal("12.5"),
        new BigDecimal("785.1"),
        42);
  }

  public static List<Event> all() {
    BigDecimal price = new BigDecimal("786.30");
    return List.of(
        trade(),
        bar(),
        new AggregateBar(
            "BTCUSD",
            5,
            T0,
            T0 + 300_000,
            new BigDecimal("784.12"),
            new BigDecimal("791"),
            new BigDecimal("780.5"),
            new BigDecimal("788"),
            new BigDecimal("40.25"),
            new BigDecimal("786.001"),
            120,
            4),
        new ModelAnnouncement("tft", "v3", ModelAnnouncement.LIVE, T0),
        new SocialPost(
            "t3_abc",
            "reddit",
            "wallstreetbets",
            "someone",
            T0,
            "BTC to the moon",
            "body 🚀",
            new String[] {"BTCUSD"}),
        new SentimentScore(
            "t3_abc", "BTCUSD", T0, SentimentLabel.POSITIVE, 0.91, 0.82, "minilm-head/1", false),
        new SentimentAggregate(
            "BTCUSD",
            T0,
            T0 + 60_000,
            3,
            1,
            2,
            6,
            0.25,
            0.2,
            0.05,
            1.5,
            -0.3,
            false,
            1,
            "sentiment-minilm/v1"),
        new FeatureVector(
            "BTCUSD", T0 + 60_000, "core/1", price, new double[] {0.1, Double.NaN, -2}, false),
        new Forecast(
            "BTCUSD",
            T0 + 60_000,
            "baseline-rw-vol/1",
            price,
            new int[] {60, 240},
            new double[] {0.1, 0.5, 0.9},
            new double[] {780, 786.3, 792, 770, 786.3, 800},
            false),
        new Forecast(
            "BTCUSD",
            T0 + 120_000,
            "tft/v1",
            price,
            new int[] {60, 240},
            new double[] {0.1, 0.5, 0.9},
            new double[] {780, 786.3, 792, 770, 786.3, 800},
            false,
            new ForecastExplanation(
                new String[] {"log_return_1", "volume_z_30", "minute_of_day_sin"},
                new double[] {0.5, 0.3, 0.2},
                new double[] {0.6, 0.3, 0.1},
                new String[] {"minute_of_day_sin", "time_offset"},
                new double[] {0.4, 0.6, 0.7, 0.3},
                2,
                new double[] {0.2, 0.3, 0.5, 0, 0.1, 0.2, 0.3, 0.4})),
        new OrderIntent(
            "s1-BTCUSD-1385337660000",
            "s1",
            "BTCUSD",
            T0 + 60_000,
            Side.BUY,
            new BigDecimal("0.5"),
            price,
            new BigDecimal("0.5"),
            "baseline-rw-vol/1"),
        new RiskDecision(
            "s1-BTCUSD-1385337660000",
            "BTCUSD",
            T0 + 60_000,
            RiskVerdict.REJECTED,
            "max-order-notional",
            Side.SELL,
            new BigDecimal("0.5"),
            price,
            new BigDecimal("393.150"),
            BigDecimal.ZERO,
            new BigDecimal("-0.5"),
            new BigDecimal("0.75"),
            "baseline-rw-vol/1",
            T0 + 60_000,
            TradingState.REDUCING),
        new Order(
            "s1-BTCUSD-1385337660000",
            "BTCUSD",
            T0 + 60_000,
            Side.BUY,
            OrderType.LIMIT,
            new BigDecimal("0.5"),
            new BigDecimal("786.31"),
            null,
            new BigDecimal("800"),
            new BigDecimal("770"),
            null,
            OrderStatus.NEW,
            BigDecimal.ZERO,
            null,
            new BigDecimal("0.1")),
        new Order(
            "s1-BTCUSD-1385337720000",
            "BTCUSD",
            T0 + 120_000,
            Side.SELL,
            OrderType.STOP_LIMIT,
            new BigDecimal("0.5"),
            new BigDecimal("780"),
            new BigDecimal("781"),
            null,
            null,
            "s1-BTCUSD-1385337720000-p",
            OrderStatus.REJECTED,
            new BigDecimal("0.25"),
            "insufficient buying power",
            null),
        new ControlCommand(
            "paper",
            ControlCommand.Kind.COOLDOWN,
            "BTCUSD",
            T0 + 60_000,
            T0 + 1_860_000,
            "rule:losing-streak",
            "4 losing trades in a row"),
        new ControlCommand(
            "paper",
            ControlCommand.Kind.UNFILLED,
            "BTCUSD",
            T0 + 120_000,
            0,
            "broker:simulated",
            "EXPIRED s1-BTCUSD-1385337660000: 0.25 not filled",
            new BigDecimal("0.25")),
        new ControlAck(
            "paper",
            ControlCommand.Kind.KILL,
            null,
            T0 + 60_000,
            "operator:cli",
            ControlAck.Outcome.APPLIED,
            "ACTIVE -> HALTED",
            T0 + 60_500),
        new TradingStateChange(
            "paper",
            T0 + 60_000,
            TradingState.ACTIVE,
            TradingState.HALTED,
            "KILL by operator:cli",
            T0 + 60_500),
        new Fill(
            "s1-BTCUSD-1385337660000-1",
            "s1-BTCUSD-1385337660000",
            "BTCUSD",
            T0 + 120_000,
            Side.BUY,
            new BigDecimal("0.5"),
            new BigDecimal("786.31"),
            new BigDecimal("0.39")),
        new Position(
            "BTCUSD",
            T0 + 120_000,
            new BigDecimal("0.5"),
            new BigDecimal("786.31"),
            BigDecimal.ZERO,
            new BigDecimal("-393.545"),
            1,
            new BigDecimal("790"),
            new BigDecimal("1.845")),
        new DeadLetter("ingest.parse", "market.trades", 0, 17, T0, "malformed-json", "x", "{oops"));
  }
}
