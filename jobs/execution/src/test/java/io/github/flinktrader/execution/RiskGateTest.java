package io.github.flinktrader.execution;

import static io.github.flinktrader.execution.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.OrderIntent;
import io.github.flinktrader.records.Refusal;
import io.github.flinktrader.records.RiskDecision;
import io.github.flinktrader.records.Side;
import io.github.flinktrader.records.TradingState;
import io.github.flinktrader.records.TradingStateChange;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One test per pre-trade rule and per state transition of {@link RiskGate}. */
class RiskGateTest {

  private static final long MIN = 60_000L;

  private static RiskLimits.Builder limits() {
    // Volatility scaling off unless a test switches it on: it would scale the other tests' orders.
    return RiskLimits.builder().targetMinuteVolatility(0);
  }

  private static MinuteBar bar(String symbol, long minute, String close) {
    long start = T0 + minute * MIN;
    BigDecimal c = new BigDecimal(close);
    return new MinuteBar(symbol, start, start + MIN, c, c, c, c, BigDecimal.TEN, c, 10);
  }

  private static OrderIntent intent(String symbol, long minute, Side side, String qty, String ref) {
    return new OrderIntent(
        "t-" + symbol + "-" + minute + "-" + side,
        "t",
        symbol,
        T0 + minute * MIN,
        side,
        new BigDecimal(qty),
        new BigDecimal(ref),
        side == Side.BUY ? new BigDecimal(qty) : new BigDecimal(qty).negate(),
        "test/1");
  }

  /**
   * A book that has seen one bar of {@code symbol} closing at {@code price}, ending at minute 0.
   */
  private static RiskBook priced(RiskGate gate, String symbol, String price) {
    RiskBook book = new RiskBook();
    gate.mark(bar(symbol, -1, price), book, 0);
    return book;
  }

  private static void command(
      RiskGate g, RiskBook b, ControlCommand.Kind kind, String symbol, long until) {
    g.apply(new ControlCommand("paper", kind, symbol, T0, until, "operator:test", "test"), b, 0);
  }

  @Test
  void aPlainOrderIsApprovedAndBooked() {
    RiskGate g = new RiskGate(limits().build());
    RiskBook b = priced(g, "BTCUSD", "100");
    RiskDecision d = g.check(intent("BTCUSD", 0, Side.BUY, "10", "100"), b);
    assertThat(d.approved()).isTrue();
    assertThat(d.reason()).isEqualTo("ok");
    assertThat(d.positionAfter()).isEqualByComparingTo("10");
    assertThat(d.modelVersion()).isEqualTo("test/1");
    assertThat(d.forecastBarEnd()).isEqualTo(T0);
    assertThat(b.symbol("BTCUSD").position).isEqualByComparingTo("10");
    assertThat(b.cashFlow).isEqualByComparingTo("-1000");
    assertThat(b.dayOrders).isEqualTo(1);
  }

  @Test
  void haltedRefusesEverythingEvenReducingOrders() {
    RiskGate g = new RiskGate(limits().build());
    RiskBook b = priced(g, "BTCUSD", "100");
    g.check(intent("BTCUSD", 0, Side.BUY, "10", "100"), b);
    command(g, b, ControlCommand.Kind.KILL, null, 0);
    RiskDecision d = g.check(intent("BTCUSD", 1, Side.SELL, "10", "100"), b);
    assertThat(d.approved()).isFalse();
    refused(d, Refusal.HALTED).startsWith("KILL by operator:test");
    assertThat(d.tradingState()).isEqualTo(TradingState.HALTED);
  }

  @Test
  void malformedAndImpreciseOrdersAreRefused() {
    RiskGate g = new RiskGate(limits().quantityScale(4).build());
    RiskBook b = priced(g, "BTCUSD", "100");
    refused(g.check(intent("BTCUSD", 0, Side.BUY, "-1", "100"), b), Refusal.MALFORMED_ORDER)
        .startsWith("quantity must be positive");
    refused(g.check(intent("BTCUSD", 0, Side.BUY, "0.00001", "100"), b), Refusal.PRECISION)
        .startsWith("quantity 0.00001 has more than 4 decimals");
    assertThat(g.check(intent("BTCUSD", 0, Side.BUY, "0.0001000", "100"), b).approved()).isTrue();
  }

  @Test
  void symbolHaltsHoldUntilResumedAndVolatilityHaltsUntilTheyLapse() {
    RiskGate g = new RiskGate(limits().build());
    RiskBook b = priced(g, "BTCUSD", "100");
    command(g, b, ControlCommand.Kind.HALT_SYMBOL, "BTCUSD", 0);
    refused(g.check(intent("BTCUSD", 0, Side.BUY, "1", "100"), b), Refusal.SYMBOL_HALTED)
        .startsWith("HALT_SYMBOL by operator:test");
    command(g, b, ControlCommand.Kind.RESUME_SYMBOL, "BTCUSD", 0);
    command(g, b, ControlCommand.Kind.VOLATILITY_HALT, "BTCUSD", T0 + 2 * MIN);
    refused(g.check(intent("BTCUSD", 1, Side.BUY, "1", "100"), b), Refusal.VOLATILITY_HALT)
        .startsWith("until");
    assertThat(g.check(intent("BTCUSD", 2, Side.BUY, "1", "100"), b).approved()).isTrue();
  }

  @Test
  void aStaleForecastMayOnlyReduce() {
    RiskGate g = new RiskGate(limits().staleForecastAfter(Duration.ofMinutes(3)).build());
    RiskBook b = priced(g, "BTCUSD", "100");
    g.check(intent("BTCUSD", 0, Side.BUY, "10", "100"), b);
    g.mark(bar("BTCUSD", 9, "100"), b, 0); // the newest bar ends at minute 10
    refused(g.check(intent("BTCUSD", 6, Side.BUY, "1", "100"), b), Refusal.STALE_FORECAST)
        .startsWith("made at")
        .contains("240 s behind");
    assertThat(g.check(intent("BTCUSD", 6, Side.SELL, "5", "100"), b).approved()).isTrue();
    assertThat(g.check(intent("BTCUSD", 7, Side.BUY, "1", "100"), b).approved()).isTrue();
  }

  @Test
  void equitiesTradeOnlyInTheirSessionCryptoAlways() {
    RiskGate g = new RiskGate(limits().staleForecastAfter(Duration.ofDays(7)).build());
    long saturdayNoon =
        ZonedDateTime.of(2024, 1, 6, 12, 0, 0, 0, ZoneId.of("America/New_York"))
            .toInstant()
            .toEpochMilli();
    long mondayTen = saturdayNoon + 2 * 86_400_000L - 2 * 3_600_000L;
    RiskBook b = new RiskBook();
    for (String s : new String[] {"AAPL", "BTCUSD"}) {
      BigDecimal p = new BigDecimal("100");
      g.mark(
          new MinuteBar(s, saturdayNoon - MIN, saturdayNoon, p, p, p, p, BigDecimal.TEN, p, 1),
          b,
          0);
    }
    OrderIntent aaplSaturday =
        new OrderIntent(
            "a",
            "t",
            "AAPL",
            saturdayNoon,
            Side.BUY,
            BigDecimal.ONE,
            new BigDecimal("100"),
            BigDecimal.ONE,
            "m");
    OrderIntent btcSaturday =
        new OrderIntent(
            "b",
            "t",
            "BTCUSD",
            saturdayNoon,
            Side.BUY,
            BigDecimal.ONE,
            new BigDecimal("100"),
            BigDecimal.ONE,
            "m");
    OrderIntent aaplMonday =
        new OrderIntent(
            "c",
            "t",
            "AAPL",
            mondayTen,
            Side.BUY,
            BigDecimal.ONE,
            new BigDecimal("100"),
            BigDecimal.ONE,
            "m");
    refused(g.check(aaplSaturday, b), Refusal.MARKET_CLOSED).startsWith("AAPL");
    assertThat(g.check(btcSaturday, b).approved()).isTrue();
    assertThat(g.check(aaplMonday, b).approved()).isTrue();
  }

  @Test
  void noReferencePriceNoOrderAndThePriceCollarHolds() {
    RiskGate g = new RiskGate(limits().priceCollar(0.02).build());
    RiskBook empty = new RiskBook();
    refused(g.check(intent("BTCUSD", 0, Side.BUY, "1", "100"), empty), Refusal.NO_REFERENCE_PRICE);
    RiskBook b = priced(g, "BTCUSD", "100");
    refused(g.check(intent("BTCUSD", 0, Side.BUY, "1", "103"), b), Refusal.PRICE_COLLAR)
        .startsWith("reference 103 is 3.00% from the last trade 100");
    assertThat(g.check(intent("BTCUSD", 0, Side.BUY, "1", "101.9"), b).approved()).isTrue();
  }

  @Test
  void reducingAccountsAndCooldownsOnlyReduce() {
    RiskGate g = new RiskGate(limits().build());
    RiskBook b = priced(g, "BTCUSD", "100");
    g.check(intent("BTCUSD", 0, Side.BUY, "10", "100"), b);
    command(g, b, ControlCommand.Kind.REDUCE, null, 0);
    refused(g.check(intent("BTCUSD", 1, Side.BUY, "1", "100"), b), Refusal.REDUCE_ONLY)
        .startsWith("the account is REDUCING");
    // Selling 20 of 10 goes through zero to -10: that is not a reduction either.
    refused(g.check(intent("BTCUSD", 1, Side.SELL, "20", "100"), b), Refusal.REDUCE_ONLY);
    assertThat(g.check(intent("BTCUSD", 1, Side.SELL, "4", "100"), b).approved()).isTrue();

    RiskGate g2 = new RiskGate(limits().build());
    RiskBook c = priced(g2, "BTCUSD", "100");
    g2.check(intent("BTCUSD", 0, Side.BUY, "10", "100"), c);
    command(g2, c, ControlCommand.Kind.COOLDOWN, "BTCUSD", T0 + 30 * MIN);
    refused(g2.check(intent("BTCUSD", 1, Side.BUY, "1", "100"), c), Refusal.COOLDOWN)
        .startsWith("until");
    assertThat(g2.check(intent("BTCUSD", 2, Side.SELL, "1", "100"), c).approved()).isTrue();
    assertThat(g2.check(intent("BTCUSD", 30, Side.BUY, "1", "100"), c).approved()).isTrue();
  }

  @Test
  void highRealizedVolatilityScalesOrdersDown() throws Exception {
    RiskGate g =
        new RiskGate(
            limits()
                .targetMinuteVolatility(0.003)
                .volatilityMinBars(20)
                .minScaledOrderNotional(new BigDecimal("100"))
                .build());
    RiskBook b = new RiskBook();
    // Closes alternate 100 / 101: |log return| about 0.995% every minute.
    for (int m = 0; m < 40; m++) {
      g.mark(bar("BTCUSD", m - 40, m % 2 == 0 ? "100" : "101"), b, 0);
    }
    double vol = Math.sqrt(b.symbol("BTCUSD").ewVariance);
    assertThat(vol).isCloseTo(Math.log(1.01), org.assertj.core.data.Offset.offset(1e-6));
    RiskDecision d = g.check(intent("BTCUSD", 0, Side.BUY, "10", "101"), b);
    assertThat(d.approved()).isTrue();
    double scale = 0.003 / vol;
    assertThat(d.quantity().doubleValue())
        .isCloseTo(10 * scale, org.assertj.core.data.Offset.offset(1e-7));
    assertThat(d.requestedQuantity()).isEqualByComparingTo("10");
    assertThat(d.reason()).isEqualTo(String.format("ok; volatility-scaled x%.2f", scale));
    // The target is capped, not each order: at the capped target, more buying is refused.
    RiskDecision more = g.check(intent("BTCUSD", 1, Side.BUY, "10", "101"), b);
    assertThat(more.approved()).isFalse();
    refused(more, Refusal.VOLATILITY_LIMIT)
        .startsWith("the position is at its volatility-scaled target");
    // A scaled order worth less than the minimum (2,500 USD by default) is not sent at all.
    RiskGate strict =
        new RiskGate(limits().targetMinuteVolatility(0.003).volatilityMinBars(20).build());
    RiskBook fresh = ExecutionTypesTest.BOOK.copy(b);
    fresh.symbol("BTCUSD").position = BigDecimal.ZERO;
    refused(
        strict.check(intent("BTCUSD", 2, Side.BUY, "10", "101"), fresh), Refusal.VOLATILITY_LIMIT);
    // Before enough bars, no scaling.
    RiskBook young = new RiskBook();
    for (int m = 0; m < 10; m++) {
      g.mark(bar("BTCUSD", m - 10, m % 2 == 0 ? "100" : "101"), young, 0);
    }
    assertThat(g.check(intent("BTCUSD", 0, Side.BUY, "10", "101"), young).quantity())
        .isEqualByComparingTo("10");
  }

  @Test
  void fatFingerLimitsOnQuantityAndNotional() {
    RiskGate g =
        new RiskGate(
            limits()
                .maxOrderQuantity(new BigDecimal("50"))
                .maxOrderNotional(new BigDecimal("4000"))
                .build());
    RiskBook b = priced(g, "BTCUSD", "100");
    refused(g.check(intent("BTCUSD", 0, Side.BUY, "51", "100"), b), Refusal.MAX_ORDER_QUANTITY)
        .isEqualTo("51 > 50");
    refused(g.check(intent("BTCUSD", 0, Side.BUY, "41", "100"), b), Refusal.MAX_ORDER_NOTIONAL)
        .isEqualTo("4100.00 > 4000");
    assertThat(g.check(intent("BTCUSD", 0, Side.BUY, "40", "100"), b).approved()).isTrue();
  }

  @Test
  void positionLimitPerSymbol() {
    RiskGate g =
        new RiskGate(
            limits()
                .maxConcentration(1)
                .maxSectorAllocation(1)
                .maxOrderNotional(new BigDecimal("1e9"))
                .build());
    RiskBook b = priced(g, "BTCUSD", "100");
    assertThat(g.check(intent("BTCUSD", 0, Side.BUY, "1000", "100"), b).approved()).isTrue();
    refused(g.check(intent("BTCUSD", 1, Side.BUY, "1", "100"), b), Refusal.POSITION_LIMIT)
        .isEqualTo("|1001| x 100 = 100100.00 > 100000");
    // Reducing is never blocked by an exposure limit.
    assertThat(g.check(intent("BTCUSD", 2, Side.SELL, "1", "100"), b).approved()).isTrue();
  }

  @Test
  void concentrationAndSectorAllocationAreSharesOfEquity() {
    RiskGate g =
        new RiskGate(
            limits()
                .startingEquity(new BigDecimal("100000"))
                .maxConcentration(0.10)
                .maxSectorAllocation(0.25)
                .sectors(Map.of("AAA", "tech", "BBB", "tech", "CCC", "tech"))
                .marketHours(false)
                .build());
    RiskBook b = new RiskBook();
    for (String s : new String[] {"AAA", "BBB", "CCC"}) {
      g.mark(bar(s, -1, "100"), b, 0);
    }
    refused(g.check(intent("AAA", 0, Side.BUY, "101", "100"), b), Refusal.CONCENTRATION)
        .isEqualTo("AAA would be 10.1% of equity (limit 10.0%)");
    assertThat(g.check(intent("AAA", 0, Side.BUY, "100", "100"), b).approved()).isTrue();
    assertThat(g.check(intent("BBB", 0, Side.BUY, "100", "100"), b).approved()).isTrue();
    refused(g.check(intent("CCC", 0, Side.BUY, "60", "100"), b), Refusal.SECTOR_ALLOCATION)
        .isEqualTo("tech would be 26.0% of equity (limit 25.0%)");
    assertThat(g.check(intent("CCC", 0, Side.BUY, "50", "100"), b).approved()).isTrue();
    assertThat(new RiskLimits.Builder().build().sectorOf("ETHUSD")).isEqualTo("crypto");
  }

  @Test
  void buyingPowerIsEquityTimesLeverageLessGrossExposure() {
    RiskGate g =
        new RiskGate(
            limits()
                .startingEquity(new BigDecimal("10000"))
                .maxLeverage(1.0)
                .maxConcentration(1)
                .maxSectorAllocation(2)
                .build());
    RiskBook b = priced(g, "BTCUSD", "100");
    g.mark(bar("ETHUSD", -1, "100"), b, 0);
    assertThat(g.check(intent("BTCUSD", 0, Side.BUY, "60", "100"), b).approved()).isTrue();
    refused(g.check(intent("ETHUSD", 0, Side.SELL, "41", "100"), b), Refusal.BUYING_POWER)
        .isEqualTo("the order adds 4100.00 of exposure, 4000.00 available");
    assertThat(g.check(intent("ETHUSD", 0, Side.SELL, "40", "100"), b).approved()).isTrue();
  }

  @Test
  void orderRatesArePerSymbolPerAccountAndHalvedUnderAThrottle() {
    RiskGate g =
        new RiskGate(
            limits().maxOrdersPerSymbolPerMinute(4).maxOrdersPerAccountPerMinute(6).build());
    RiskBook b = priced(g, "BTCUSD", "100");
    g.mark(bar("ETHUSD", -1, "100"), b, 0);
    for (int i = 0; i < 4; i++) {
      OrderIntent o = at(intent("BTCUSD", 0, Side.BUY, "1", "100"), T0 + i * 1000, "b" + i);
      assertThat(g.check(o, b).approved()).isTrue();
    }
    refused(
            g.check(at(intent("BTCUSD", 0, Side.BUY, "1", "100"), T0 + 5000, "b5"), b),
            Refusal.ORDER_RATE_SYMBOL)
        .isEqualTo("4 orders in the last minute (limit 4)");
    assertThat(
            g.check(at(intent("ETHUSD", 0, Side.BUY, "1", "100"), T0 + 6000, "e1"), b).approved())
        .isTrue();
    assertThat(
            g.check(at(intent("ETHUSD", 0, Side.BUY, "1", "100"), T0 + 7000, "e2"), b).approved())
        .isTrue();
    refused(
            g.check(at(intent("ETHUSD", 0, Side.BUY, "1", "100"), T0 + 8000, "e3"), b),
            Refusal.ORDER_RATE_ACCOUNT)
        .isEqualTo("6 orders in the last minute (limit 6)");
    // A minute later the window is empty again; a throttle halves the symbol's limit to 2.
    command(g, b, ControlCommand.Kind.THROTTLE, "BTCUSD", T0 + 10 * MIN);
    assertThat(
            g.check(at(intent("BTCUSD", 0, Side.BUY, "1", "100"), T0 + 70_000, "b6"), b).approved())
        .isTrue();
    assertThat(
            g.check(at(intent("BTCUSD", 0, Side.BUY, "1", "100"), T0 + 71_000, "b7"), b).approved())
        .isTrue();
    refused(
            g.check(at(intent("BTCUSD", 0, Side.BUY, "1", "100"), T0 + 72_000, "b8"), b),
            Refusal.ORDER_RATE_SYMBOL)
        .isEqualTo("2 orders in the last minute (limit 2, throttled)");
  }

  private static OrderIntent at(OrderIntent i, long t, String id) {
    return new OrderIntent(
        id,
        i.strategy(),
        i.symbol(),
        t,
        i.side(),
        i.quantity(),
        i.referencePrice(),
        i.targetPosition(),
        i.modelVersion());
  }

  @Test
  void theDailyOrderCapResetsWithTheUtcDay() {
    RiskGate g =
        new RiskGate(limits().maxOrdersPerDay(3).staleForecastAfter(Duration.ofDays(2)).build());
    RiskBook b = priced(g, "BTCUSD", "100");
    for (int i = 0; i < 3; i++) {
      assertThat(g.check(intent("BTCUSD", 2L * i, Side.BUY, "1", "100"), b).approved()).isTrue();
    }
    refused(g.check(intent("BTCUSD", 10, Side.BUY, "1", "100"), b), Refusal.DAILY_ORDER_CAP)
        .isEqualTo("3 orders today (limit 3)");
    assertThat(g.check(intent("BTCUSD", 24 * 60 + 1, Side.BUY, "1", "100"), b).approved()).isTrue();
  }

  @Test
  void aDailyLossHaltsAndADrawdownReducesBothLatchedUntilReset() {
    RiskGate g =
        new RiskGate(
            limits()
                .startingEquity(new BigDecimal("100000"))
                .maxConcentration(1)
                .maxSectorAllocation(1)
                .maxOrderNotional(new BigDecimal("1e9"))
                .dailyLossLimit(0.05)
                .maxDrawdown(0.03)
                .build());
    RiskBook b = priced(g, "BTCUSD", "100");
    g.check(intent("BTCUSD", 0, Side.BUY, "1000", "100"), b); // 100,000 long
    assertThat(g.mark(bar("BTCUSD", 0, "98"), b, 0)).isEmpty(); // -2%
    Optional<TradingStateChange> reducing = g.mark(bar("BTCUSD", 1, "96.9"), b, 0); // -3.1%
    assertThat(reducing).isPresent();
    assertThat(reducing.get().to()).isEqualTo(TradingState.REDUCING);
    assertThat(reducing.get().trigger()).startsWith("max-drawdown: equity is 3.10% below its peak");
    assertThat(g.mark(bar("BTCUSD", 2, "99.9"), b, 0)).isEmpty(); // recovery does not un-latch
    assertThat(b.state).isEqualTo(TradingState.REDUCING);
    Optional<TradingStateChange> halted = g.mark(bar("BTCUSD", 3, "94.9"), b, 0); // -5.1%
    assertThat(halted.get().to()).isEqualTo(TradingState.HALTED);
    assertThat(halted.get().trigger())
        .startsWith("daily-loss-limit: equity 94900.00 is 5.10% below");
    // A REDUCE command cannot loosen a halt either; only a manual reset does.
    command(g, b, ControlCommand.Kind.REDUCE, null, 0);
    assertThat(b.state).isEqualTo(TradingState.HALTED);
    Optional<TradingStateChange> reset =
        g.apply(
            new ControlCommand(
                "paper",
                ControlCommand.Kind.RESET,
                null,
                T0 + 5 * MIN,
                0,
                "operator:alice",
                "reviewed"),
            b,
            42);
    assertThat(reset.get().from()).isEqualTo(TradingState.HALTED);
    assertThat(reset.get().to()).isEqualTo(TradingState.ACTIVE);
    assertThat(reset.get().processedAt()).isEqualTo(42);
    assertThat(g.mark(bar("BTCUSD", 5, "94.8"), b, 0)).isEmpty(); // losses count from the reset
  }

  @Test
  void theKillSwitchHaltsFromAnyStateAndIsLatched() {
    RiskGate g = new RiskGate(limits().build());
    RiskBook b = priced(g, "BTCUSD", "100");
    command(g, b, ControlCommand.Kind.REDUCE, null, 0);
    Optional<TradingStateChange> kill =
        g.apply(
            new ControlCommand(
                "paper", ControlCommand.Kind.KILL, null, T0, 0, "operator:cli", "panic"),
            b,
            7);
    assertThat(kill.get().from()).isEqualTo(TradingState.REDUCING);
    assertThat(kill.get().to()).isEqualTo(TradingState.HALTED);
    assertThat(kill.get().trigger()).isEqualTo("KILL by operator:cli: panic");
    assertThat(
            g.apply(
                new ControlCommand(
                    "paper", ControlCommand.Kind.KILL, null, T0, 0, "operator:cli", "again"),
                b,
                8))
        .isEmpty();
  }

  @Test
  void whatTheBrokerWillNotFillIsTakenBackOutOfTheBook() {
    RiskGate g = new RiskGate(limits().build());
    RiskBook b = priced(g, "BTCUSD", "100");
    g.check(intent("BTCUSD", 0, Side.BUY, "10", "100"), b);
    g.apply(
        new ControlCommand(
            "paper",
            ControlCommand.Kind.UNFILLED,
            "BTCUSD",
            T0,
            0,
            "broker:simulated@run",
            "EXPIRED t: 4 not filled",
            new BigDecimal("4")),
        b,
        0);
    assertThat(b.symbol("BTCUSD").position).isEqualByComparingTo("6");
    assertThat(b.cashFlow).isEqualByComparingTo("-600");
    assertThat(
            BrokerFeedback.unfilled(
                    io.github.flinktrader.records.Order.market(
                            "x", "BTCUSD", T0, Side.SELL, BigDecimal.TEN)
                        .withStatus(
                            io.github.flinktrader.records.OrderStatus.CANCELED,
                            new BigDecimal("3"),
                            "kill switch: test"),
                    "paper",
                    "simulated")
                .orElseThrow()
                .quantity())
        .isEqualByComparingTo("-7");
    assertThat(
            BrokerFeedback.unfilled(
                io.github.flinktrader.records.Order.market(
                        "x", "BTCUSD", T0, Side.SELL, BigDecimal.TEN)
                    .withStatus(
                        io.github.flinktrader.records.OrderStatus.FILLED, BigDecimal.TEN, null),
                "paper",
                "simulated"))
        .isEmpty();
  }

  @Test
  void reducingMeansShrinkingTowardZeroWithoutCrossingIt() {
    assertThat(RiskGate.reduces(new BigDecimal("10"), new BigDecimal("-4"))).isTrue();
    assertThat(RiskGate.reduces(new BigDecimal("10"), new BigDecimal("-10"))).isTrue();
    assertThat(RiskGate.reduces(new BigDecimal("10"), new BigDecimal("-11"))).isFalse();
    assertThat(RiskGate.reduces(new BigDecimal("-5"), new BigDecimal("2"))).isTrue();
    assertThat(RiskGate.reduces(BigDecimal.ZERO, new BigDecimal("-1"))).isFalse();
    assertThat(RiskGate.reduces(new BigDecimal("10"), new BigDecimal("1"))).isFalse();
  }

  /** Asserts {@code d} was refused for {@code why}; what follows is about its detail. */
  private static org.assertj.core.api.AbstractStringAssert<?> refused(RiskDecision d, Refusal why) {
    assertThat(d.approved()).isFalse();
    assertThat(d.refusal()).contains(why);
    return assertThat(d.detail());
  }

  @Test
  void theBookSurvivesItsStateSerializerAndRelease010sJson() throws Exception {
    RiskGate g = new RiskGate(limits().build());
    RiskBook b = priced(g, "BTCUSD", "100");
    g.check(intent("BTCUSD", 0, Side.BUY, "10", "100"), b);
    command(g, b, ControlCommand.Kind.COOLDOWN, "BTCUSD", T0 + MIN);
    command(g, b, ControlCommand.Kind.HALT_SYMBOL, "ETHUSD", T0 + MIN);
    for (RiskBook back :
        List.of(
            ExecutionTypesTest.roundTrip(ExecutionTypesTest.BOOK, b),
            ExecutionTypesTest.fromRelease010(ExecutionTypesTest.BOOK, b))) {
      assertThat(back.symbol("BTCUSD").position).isEqualByComparingTo("10");
      assertThat(back.symbol("BTCUSD").cooldownUntil).isEqualTo(T0 + MIN);
      assertThat(back.symbol("BTCUSD").orderTimes).containsExactly(T0);
      assertThat(back.symbol("ETHUSD").halted).isTrue();
      assertThat(back.cashFlow).isEqualByComparingTo("-1000");
      assertThat(back).usingRecursiveComparison().isEqualTo(b);
    }
  }
}
