package io.github.flinktrader.ingest.polygon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinktrader.http.ApiException;
import io.github.flinktrader.http.ApiPolicy;
import io.github.flinktrader.http.ResilientHttp;
import io.github.flinktrader.http.Secrets;
import io.github.flinktrader.ingest.fakes.FakeHttp.Fault;
import io.github.flinktrader.ingest.fakes.FakePolygonRest;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.MinuteBar;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST backfill against a fake that speaks Polygon's aggregates format. */
class PolygonRestTest {

  static final long DAY = 1_704_240_000_000L; // 2024-01-03T00:00Z
  static final LocalDate D = LocalDate.of(2024, 1, 3);

  private FakePolygonRest fake;
  private final List<MinuteBar> bars = new ArrayList<>();
  private final List<DeadLetter> dead = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    fake = new FakePolygonRest("KEY");
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private PolygonRest client(String key, int limit) {
    ApiPolicy policy =
        ApiPolicy.defaults("polygon", 10_000)
            .withBackoff(Duration.ofMillis(10), Duration.ofSeconds(2), Duration.ofSeconds(30));
    return new PolygonRest(
        fake.uri(),
        new Secrets(Map.of("POLYGON_API_KEY", key)).require("POLYGON_API_KEY"),
        new ResilientHttp(policy),
        limit);
  }

  @Test
  void followsNextUrlPageByPageWithTheRequestedLimit() {
    fake.addBars("AAPL", DAY + 9 * 3_600_000L, 250);

    PolygonRest.Result r = client("KEY", 100).minuteBars("AAPL", D, D, bars::add, dead::add);

    assertThat(r.pages()).isEqualTo(3);
    assertThat(r.bars()).isEqualTo(250);
    assertThat(r.stoppedBecause()).isNull();
    assertThat(bars).extracting(MinuteBar::start).isSorted().doesNotHaveDuplicates();
    MinuteBar first = bars.get(0);
    assertThat(first.symbol()).isEqualTo("AAPL");
    assertThat(first.end() - first.start()).isEqualTo(60_000);
    assertThat(first.open()).isEqualByComparingTo("100.00");
    assertThat(first.volume()).isEqualByComparingTo("1000.5");
    assertThat(first.trades()).isEqualTo(10);
    assertThat(first.violation()).isEmpty();
    assertThat(dead).isEmpty();
  }

  @Test
  void ridesOutRateLimitsServerErrorsAndATruncatedPage() {
    fake.addBars("MSFT", DAY, 30);
    fake.inject(
        Fault.rateLimited(1),
        Fault.status(502),
        Fault.status(503),
        Fault.body("{\"results\":[{\"v\":1,"));

    PolygonRest.Result r = client("KEY", 50_000).minuteBars("MSFT", D, D, bars::add, dead::add);

    assertThat(r.bars()).isEqualTo(30);
    assertThat(dead).isEmpty();
    assertThat(fake.requests()).isEqualTo(5);
  }

  @Test
  void aPageThatStaysUnreadableIsADeadLetterAndStopsTheRange() {
    fake.addBars("MSFT", DAY, 30);
    fake.inject(Fault.body("not json"), Fault.body("not json"), Fault.body("not json"));

    PolygonRest.Result r = client("KEY", 50_000).minuteBars("MSFT", D, D, bars::add, dead::add);

    assertThat(r.stoppedBecause()).contains("unreadable page 1");
    assertThat(dead)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo("malformed-json");
              assertThat(d.payload()).isEqualTo("not json");
            });
  }

  @Test
  void aResultWithoutItsFieldsIsADeadLetterAndTheRestStillArrives() {
    fake.addBars("AAPL", DAY, 5);
    fake.addRawResult("AAPL", "{\"v\":10,\"o\":1.5,\"c\":1.6,\"h\":1.7,\"l\":1.4}");
    fake.addRawResult(
        "AAPL", "{\"v\":10,\"o\":\"1.5\",\"c\":1.6,\"h\":1.7,\"l\":1.4,\"t\":" + DAY + "}");

    PolygonRest.Result r = client("KEY", 50_000).minuteBars("AAPL", D, D, bars::add, dead::add);

    assertThat(r.bars()).isEqualTo(5);
    assertThat(dead)
        .extracting(DeadLetter::reason, DeadLetter::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "invalid-aggregate", "t is missing or not an integer timestamp"),
            org.assertj.core.groups.Tuple.tuple(
                "invalid-aggregate", "o is missing or not a number"));
  }

  @Test
  void cryptoTickersBecomeTheSymbolsTheStreamUses() {
    fake.addBars("X:BTCUSD", DAY, 3);

    client("KEY", 100).minuteBars("X:BTCUSD", D, D, bars::add, dead::add);

    assertThat(bars).hasSize(3).allSatisfy(b -> assertThat(b.symbol()).isEqualTo("BTCUSD"));
    assertThat(
            PolygonWire.streamEvent(
                PolygonWire.MAPPER
                    .createObjectNode()
                    .put("ev", "XA")
                    .put("pair", "BTC-USD")
                    .put("o", 1)
                    .put("h", 1)
                    .put("l", 1)
                    .put("c", 1)
                    .put("v", 1)
                    .put("s", DAY)
                    .put("e", DAY + 60_000)))
        .isInstanceOfSatisfying(
            PolygonWire.Bar.class, b -> assertThat(b.bar().symbol()).isEqualTo("BTCUSD"));
  }

  @Test
  void aRefusedKeyIsAClearErrorThatDoesNotShowTheKey() {
    assertThatThrownBy(
            () -> client("WRONG-KEY", 100).minuteBars("AAPL", D, D, bars::add, dead::add))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageNotContaining("WRONG-KEY");
    assertThat(fake.requests()).isEqualTo(1); // a 401 is not retried
  }
}
