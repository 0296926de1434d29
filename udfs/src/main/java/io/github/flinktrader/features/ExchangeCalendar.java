package io.github.flinktrader.features;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** When a market trades: how many minutes are left in the current session at a given time. */
public enum ExchangeCalendar {

  /** Crypto trades 24/7; its session is the UTC day, which closes the daily candle at 00:00 UTC. */
  CRYPTO_24_7 {
    @Override
    public double minutesToSessionClose(long epochMillis) {
      return (86_400_000L - Math.floorMod(epochMillis, 86_400_000L)) / 60_000.0;
    }
  },

  /**
   * New York Stock Exchange regular hours, 09:30 to 16:00 America/New_York on weekdays, daylight
   * saving included; 0 outside the session. Exchange holidays and early closes are not modelled
   * yet: on those days the value is what a regular day would give.
   */
  XNYS {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final LocalTime OPEN = LocalTime.of(9, 30);
    private static final LocalTime CLOSE = LocalTime.of(16, 0);

    @Override
    public double minutesToSessionClose(long epochMillis) {
      ZonedDateTime t = Instant.ofEpochMilli(epochMillis).atZone(NEW_YORK);
      if (t.getDayOfWeek() == DayOfWeek.SATURDAY || t.getDayOfWeek() == DayOfWeek.SUNDAY) {
        return 0;
      }
      LocalTime time = t.toLocalTime();
      if (time.isBefore(OPEN) || !time.isBefore(CLOSE)) {
        return 0;
      }
      return (CLOSE.toSecondOfDay() - time.toSecondOfDay()) / 60.0;
    }
  };

  /** Minutes until the session that contains {@code epochMillis} closes; 0 when it is closed. */
  public abstract double minutesToSessionClose(long epochMillis);

  /** True when the market trades at {@code epochMillis}. */
  public boolean isOpen(long epochMillis) {
    return minutesToSessionClose(epochMillis) > 0;
  }

  /**
   * The calendar a symbol trades on: crypto pairs quoted in a fiat or stable coin ({@code BTCUSD},
   * {@code ETH-USD}, {@code X:BTCUSD}) trade 24/7, everything else on the NYSE calendar.
   */
  public static ExchangeCalendar forSymbol(String symbol) {
    return BY_SYMBOL.computeIfAbsent(
        symbol,
        s ->
            s.toUpperCase().startsWith("X:") || CRYPTO_PAIR.matcher(s.toUpperCase()).matches()
                ? CRYPTO_24_7
                : XNYS);
  }

  private static final Pattern CRYPTO_PAIR =
      Pattern.compile("[A-Z0-9]{2,10}[-/]?(USD|USDT|USDC|EUR)");
  private static final Map<String, ExchangeCalendar> BY_SYMBOL = new ConcurrentHashMap<>();
}
