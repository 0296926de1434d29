package io.github.flinktrader.execution.alpaca;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.fakes.FakeAlpaca;
import io.github.flinktrader.http.ApiPolicy;
import io.github.flinktrader.http.Secrets;
import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.Fill;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.OrderStatus;
import io.github.flinktrader.records.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Alpaca client, its trade-updates stream and the session against a local fake Alpaca that
 * misbehaves on demand: no order is created twice, no fill is lost or counted twice, positions
 * reconcile, and the kill switch cancels what is open.
 */
class AlpacaSessionTest {

  private static final Secrets SECRETS =
      new Secrets(
          Map.of("APCA_API_KEY_ID", FakeAlpaca.KEY, "APCA_API_SECRET_KEY", FakeAlpaca.SECRET));

  private FakeAlpaca fake;
  private AlpacaClient client;
  private TradeUpdateStream stream;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeAlpaca();
    ApiPolicy policy =
        AlpacaClient.defaultPolicy()
            .withRequestTimeout(Duration.ofMillis(500))
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(1500), Duration.ofMillis(200));
    client =
        new AlpacaClient(
            fake.restUrl(),
            SECRETS.require("APCA_API_KEY_ID"),
            SECRETS.require("APCA_API_SECRET_KEY"),
            policy,
            Map.of());
    stream =
        new TradeUpdateStream(
            fake.streamUrl(),
            SECRETS.require("APCA_API_KEY_ID"),
            SECRETS.require("APCA_API_SECRET_KEY"));
    stream.start();
    waitFor(() -> stream.listening() && fake.listeners() >= 1, "the stream listens");
  }

  @AfterEach
  void stop() throws Exception {
    stream.close();
    fake.close();
  }

  @Test
  void replacesAConnectionWhoseServerNeverConfirmsTheSubscription() throws Exception {
    fake.ignoreAuthentications(1);
    try (TradeUpdateStream silent =
        new TradeUpdateStream(
            fake.streamUrl(),
            SECRETS.require("APCA_API_KEY_ID"),
            SECRETS.require("APCA_API_SECRET_KEY"),
            Duration.ofMillis(500))) {
      silent.start();
      waitFor(silent::listening, "the replacing connection listens");
      assertThat(silent.gaps()).as("the silent connection counts as a gap").isEqualTo(1);
      assertThat(fake.listeners()).isEqualTo(2); // this test's stream and the one start() opened
    }
  }

  private static Order order(String id, String qty) {
    return Order.market(id, "BTCUSD", 1_700_000_000_000L, Side.BUY, new BigDecimal(qty));
  }

  private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  /** Everything the session reports, collected. */
  private static final class Seen {
    final List<Fill> fills = new ArrayList<>();
    final List<Order> updates = new ArrayList<>();
    final List<ControlCommand> alerts = new ArrayList<>();

    void add(AlpacaSession.Output o) {
      fills.addAll(o.fills());
      updates.addAll(o.updates());
      alerts.addAll(o.alerts());
    }

    BigDecimal filled(String id) {
      return fills.stream()
          .filter(f -> f.clientOrderId().equals(id))
          .map(Fill::quantity)
          .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
  }

  /** Takes stream updates until every order in {@code ids} has filled {@code qty}. */
  private void pumpUntilFilled(AlpacaSession s, Seen seen, String qty, String... ids)
      throws InterruptedException {
    waitFor(
        () -> {
          seen.add(s.onUpdates(stream.drain()));
          for (String id : ids) {
            if (seen.filled(id).compareTo(new BigDecimal(qty)) != 0) {
              return false;
            }
          }
          return true;
        },
        "the fills arrive");
  }

  @Test
  void ordersGoOutOnceAndFillThroughTheStream() throws Exception {
    AlpacaSession s = new AlpacaSession(client, "paper", new AlpacaSession.State());
    Seen seen = new Seen();
    seen.add(s.reconcile(System.currentTimeMillis())); // the baseline: Alpaca holds nothing
    seen.add(s.submit(order("a", "2"), 1));
    seen.add(s.submit(order("b", "4"), 1));
    seen.add(s.submit(order("a", "2"), 1)); // the same order again (a replay): not sent
    assertThat(fake.posts()).isEqualTo(2);
    pumpUntilFilled(s, seen, "2", "a");
    pumpUntilFilled(s, seen, "4", "b");
    Thread.sleep(200);
    seen.add(s.onUpdates(stream.drain()));
    assertThat(seen.filled("a")).isEqualByComparingTo("2");
    assertThat(seen.filled("b")).isEqualByComparingTo("4");
    // Stream fills carry Alpaca's execution ids and prices: half at 100.5, the rest at 101.5.
    assertThat(seen.fills)
        .filteredOn(f -> f.clientOrderId().equals("b"))
        .extracting(
            f ->
                f.fillId().startsWith("exec-")
                    + ":"
                    + f.quantity().toPlainString()
                    + "@"
                    + f.price().toPlainString())
        .containsExactly("true:2@100.5", "true:2@101.5");
    assertThat(seen.updates)
        .filteredOn(o -> o.clientOrderId().equals("a"))
        .extracting(Order::status)
        .contains(OrderStatus.ACCEPTED, OrderStatus.PARTIALLY_FILLED, OrderStatus.FILLED);
    seen.add(s.reconcile(System.currentTimeMillis()));
    assertThat(seen.alerts).isEmpty(); // Alpaca's 6 = the fills' 6
    assertThat(seen.fills).extracting(Fill::fillId).doesNotHaveDuplicates();
  }

  @Test
  void lostAnswersTimeouts5xxAnd429NeverCreateAnOrderTwice() throws Exception {
    AlpacaSession s = new AlpacaSession(client, "paper", new AlpacaSession.State());
    Seen seen = new Seen();
    fake.hangFor(1_500);
    fake.inject(
        FakeAlpaca.Fault.ERROR_BEFORE, // o1: not created, resent
        FakeAlpaca.Fault.ERROR_AFTER, // o2: created, answer lost: found by lookup
        FakeAlpaca.Fault.HANG_AFTER, // o3: created, answer too late: found by lookup
        FakeAlpaca.Fault.RATE_LIMITED); // o4: waits, resent
    for (String id : new String[] {"o1", "o2", "o3", "o4"}) {
      seen.add(s.submit(order(id, "2"), 1));
    }
    for (String id : new String[] {"o1", "o2", "o3", "o4"}) {
      assertThat(fake.creations(id)).as(id).isEqualTo(1);
    }
    assertThat(seen.updates).filteredOn(o -> o.status() == OrderStatus.ACCEPTED).hasSize(4);
    pumpUntilFilled(s, seen, "2", "o1", "o2", "o3", "o4");
    AlpacaClient.Submission viaClient = client.submit(order("o2", "2"));
    assertThat(viaClient).isInstanceOf(AlpacaClient.Accepted.class);
    assertThat(((AlpacaClient.Accepted) viaClient).foundByLookup()).isTrue();
    assertThat(fake.creations("o2")).isEqualTo(1);
    // The state was lost (a new session): Alpaca refuses the reused id, the order is looked up and
    // tracked again, not created twice.
    AlpacaSession fresh = new AlpacaSession(client, "paper", new AlpacaSession.State());
    AlpacaSession.Output again = fresh.submit(order("o1", "2"), 1);
    assertThat(again.updates()).extracting(Order::status).contains(OrderStatus.ACCEPTED);
    assertThat(fresh.state().tracked).containsKey("o1");
    assertThat(fake.creations("o1")).isEqualTo(1);
  }

  @Test
  void aRefusalIsARejectionWithAlpacasReason() throws Exception {
    AlpacaSession s = new AlpacaSession(client, "paper", new AlpacaSession.State());
    fake.inject(FakeAlpaca.Fault.REFUSE);
    AlpacaSession.Output out = s.submit(order("r", "2"), 1);
    assertThat(out.updates())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo(OrderStatus.REJECTED);
              assertThat(o.reason()).isEqualTo("HTTP 403: insufficient buying power");
            });
    assertThat(fake.creations("r")).isZero();
  }

  @Test
  void fillsSentWhileTheStreamWasDownAreRecoveredOnceByReconciliation() throws Exception {
    AlpacaSession s = new AlpacaSession(client, "paper", new AlpacaSession.State());
    Seen seen = new Seen();
    seen.add(s.reconcile(System.currentTimeMillis()));
    fake.holdFills();
    seen.add(s.submit(order("d", "10"), 1));
    fake.fill("d", new BigDecimal("3"), new BigDecimal("100"));
    pumpUntilFilled(s, seen, "3", "d");
    fake.dropStream();
    waitFor(() -> fake.listeners() == 0, "the stream is down");
    fake.fill("d", new BigDecimal("2"), new BigDecimal("110")); // lost to the stream
    fake.fill("d", new BigDecimal("1"), new BigDecimal("120")); // lost to the stream
    waitFor(
        () -> stream.gaps() >= 1 && stream.listening() && fake.listeners() >= 1,
        "the stream reconnects");
    fake.fill("d", new BigDecimal("4"), new BigDecimal("90")); // seen: the gap is before it
    waitFor(
        () -> {
          seen.add(s.onUpdates(stream.drain()));
          return seen.filled("d").compareTo(BigDecimal.TEN) == 0;
        },
        "the next event closes the gap");
    seen.add(s.reconcile(System.currentTimeMillis()));
    seen.add(s.onUpdates(stream.drain()));
    assertThat(seen.filled("d")).isEqualByComparingTo("10");
    // 3 @ 100 by the stream, then the lost 3 at the price Alpaca's average implies (340 / 3), and
    // the last 4 @ 90: the value matches Alpaca's average over all 10.
    BigDecimal value =
        seen.fills.stream()
            .map(f -> f.quantity().multiply(f.price()))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(value.doubleValue())
        .isCloseTo(300 + 220 + 120 + 360, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(seen.alerts).isEmpty();
  }

  @Test
  void aPositionThatDiffersFromTheFillsHaltsTheSymbol() throws Exception {
    AlpacaSession s = new AlpacaSession(client, "paper", new AlpacaSession.State());
    Seen seen = new Seen();
    seen.add(s.reconcile(System.currentTimeMillis()));
    fake.holdFills();
    seen.add(s.submit(order("p", "5"), 1));
    fake.fill("p", new BigDecimal("5"), new BigDecimal("100"));
    pumpUntilFilled(s, seen, "5", "p");
    // Someone traded the account by hand, outside the system: Alpaca holds more than the fills.
    fake.tradeOutsideTheSystem("BTC/USD", BigDecimal.ONE);
    seen.add(s.reconcile(System.currentTimeMillis()));
    assertThat(seen.alerts)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.kind()).isEqualTo(ControlCommand.Kind.HALT_SYMBOL);
              assertThat(c.symbol()).isEqualTo("BTCUSD");
              assertThat(c.reason()).isEqualTo("Alpaca holds 6, the fills add up to 5");
            });
  }

  @Test
  void theKillSwitchCancelsEveryOpenOrderAtAlpaca() throws Exception {
    AlpacaSession s = new AlpacaSession(client, "paper", new AlpacaSession.State());
    Seen seen = new Seen();
    fake.holdFills();
    seen.add(s.submit(order("k1", "5"), 1));
    seen.add(s.submit(order("k2", "5"), 1));
    fake.fill("k1", new BigDecimal("2"), new BigDecimal("100"));
    long t0 = System.nanoTime();
    seen.add(s.cancelAll("test", System.currentTimeMillis()));
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(seen.updates)
        .filteredOn(o -> o.status() == OrderStatus.CANCELED)
        .extracting(o -> o.clientOrderId() + ":" + o.filledQuantity().toPlainString())
        .containsExactlyInAnyOrder("k1:2", "k2:0");
    assertThat(seen.filled("k1")).isEqualByComparingTo("2"); // the fill before the cancel counts
    assertThat(millis).isLessThan(1000);
    assertThat(client.openOrders()).isEmpty();
  }

  @Test
  void anIcebergGoesOutAsChildOrdersEachAfterTheOneBeforeFilled() throws Exception {
    AlpacaSession s = new AlpacaSession(client, "paper", new AlpacaSession.State());
    Seen seen = new Seen();
    seen.add(s.submit(order("ice", "5").asIceberg(new BigDecimal("2")), 1));
    assertThat(fake.posts()).isEqualTo(1); // only the first child is shown
    waitFor(
        () -> {
          seen.add(s.onUpdates(stream.drain()));
          return seen.updates.stream()
              .anyMatch(o -> o.clientOrderId().equals("ice") && o.status() == OrderStatus.FILLED);
        },
        "the iceberg fills");
    assertThat(fake.creations("ice")).isZero(); // the parent never goes to the broker
    for (String child : new String[] {"ice-1", "ice-2", "ice-3"}) {
      assertThat(fake.creations(child)).as(child).isEqualTo(1);
    }
    assertThat(seen.filled("ice-1")).isEqualByComparingTo("2");
    assertThat(seen.filled("ice-2")).isEqualByComparingTo("2");
    assertThat(seen.filled("ice-3")).isEqualByComparingTo("1");
    assertThat(seen.updates)
        .filteredOn(o -> o.clientOrderId().equals("ice") && o.status() == OrderStatus.FILLED)
        .singleElement()
        .satisfies(o -> assertThat(o.filledQuantity()).isEqualByComparingTo("5"));
    assertThat(s.submit(order("ice", "5").asIceberg(new BigDecimal("2")), 1).updates()).isEmpty();
  }
}
