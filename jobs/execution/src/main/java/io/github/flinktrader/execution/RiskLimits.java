package io.github.flinktrader.execution;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * Every pre-trade limit of the risk gate, each configurable; {@link #defaults()} documents the
 * defaults (also in docs/operations.md, "Risk rules and their defaults"). Notional limits are in
 * the quote currency (USD).
 *
 * @param account the trading account the gate guards
 * @param startingEquity the account's equity before the first fill
 * @param quantityScale most decimal places an order quantity may have (the lot size)
 * @param maxOrderQuantity largest quantity of one order (fat finger)
 * @param maxOrderNotional largest value of one order at the reference price (fat finger)
 * @param priceCollar largest relative distance of the order's reference price from the last trade
 *     price; no last trade price means no order
 * @param maxLeverage buying power is equity x this, less the gross exposure already held
 * @param maxPositionNotional largest |position| x price per symbol
 * @param maxConcentration largest share of equity in one symbol
 * @param maxSectorAllocation largest share of equity in one sector
 * @param sectors sector of each symbol; crypto pairs are {@code crypto}, others {@code other}
 * @param maxOrdersPerSymbolPerMinute order rate throttle per symbol (halved under a THROTTLE alert)
 * @param maxOrdersPerAccountPerMinute order rate throttle for the account
 * @param maxOrdersPerDay daily order cap (UTC days)
 * @param dailyLossLimit a loss of this share of the day's starting equity halts trading
 * @param maxDrawdown a fall of this share from the peak equity moves the account to REDUCING
 * @param targetMinuteVolatility orders are scaled down by target / realized volatility of
 *     one-minute log returns when the realized one is higher (0 switches scaling off)
 * @param volatilityMinBars bars of history before the realized volatility is used
 * @param minScaledOrderNotional a volatility-scaled order worth less than this is not sent (it
 *     would only chase the moving cap with small orders)
 * @param staleForecastAfter a forecast older than this behind the symbol's latest bar is refused
 * @param marketHours refuse orders outside the exchange calendar's sessions (crypto: always open)
 * @param forecastBandSigmas a forecast whose median at horizon h moves further from its reference
 *     price than this many realized one-minute volatilities x sqrt(h) is implausible, never traded
 *     (an {@code implausible-forecast} dead letter)
 * @param forecastMaxMove the widest that band gets, and the band before the volatility is known: a
 *     median further than this share from the reference price is implausible at any horizon
 */
public record RiskLimits(
    String account,
    BigDecimal startingEquity,
    int quantityScale,
    BigDecimal maxOrderQuantity,
    BigDecimal maxOrderNotional,
    double priceCollar,
    double maxLeverage,
    BigDecimal maxPositionNotional,
    double maxConcentration,
    double maxSectorAllocation,
    Map<String, String> sectors,
    int maxOrdersPerSymbolPerMinute,
    int maxOrdersPerAccountPerMinute,
    int maxOrdersPerDay,
    double dailyLossLimit,
    double maxDrawdown,
    double targetMinuteVolatility,
    int volatilityMinBars,
    BigDecimal minScaledOrderNotional,
    Duration staleForecastAfter,
    boolean marketHours,
    double forecastBandSigmas,
    double forecastMaxMove)
    implements Serializable {

  public static RiskLimits defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.account = account;
    b.startingEquity = startingEquity;
    b.quantityScale = quantityScale;
    b.maxOrderQuantity = maxOrderQuantity;
    b.maxOrderNotional = maxOrderNotional;
    b.priceCollar = priceCollar;
    b.maxLeverage = maxLeverage;
    b.maxPositionNotional = maxPositionNotional;
    b.maxConcentration = maxConcentration;
    b.maxSectorAllocation = maxSectorAllocation;
    b.sectors = sectors;
    b.maxOrdersPerSymbolPerMinute = maxOrdersPerSymbolPerMinute;
    b.maxOrdersPerAccountPerMinute = maxOrdersPerAccountPerMinute;
    b.maxOrdersPerDay = maxOrdersPerDay;
    b.dailyLossLimit = dailyLossLimit;
    b.maxDrawdown = maxDrawdown;
    b.targetMinuteVolatility = targetMinuteVolatility;
    b.volatilityMinBars = volatilityMinBars;
    b.minScaledOrderNotional = minScaledOrderNotional;
    b.staleForecastAfter = staleForecastAfter;
    b.marketHours = marketHours;
    b.forecastBandSigmas = forecastBandSigmas;
    b.forecastMaxMove = forecastMaxMove;
    return b;
  }

  /** The sector of {@code symbol}. */
  public String sectorOf(String symbol) {
    String s = sectors.get(symbol);
    if (s != null) {
      return s;
    }
    return io.github.flinktrader.features.ExchangeCalendar.forSymbol(symbol)
            == io.github.flinktrader.features.ExchangeCalendar.CRYPTO_24_7
        ? "crypto"
        : "other";
  }

  /** Builds limits from the defaults, changing what is set. */
  public static final class Builder {
    private String account = "paper";
    private BigDecimal startingEquity = new BigDecimal("1000000");
    private int quantityScale = 8;
    private BigDecimal maxOrderQuantity = new BigDecimal("10000");
    private BigDecimal maxOrderNotional = new BigDecimal("25000");
    private double priceCollar = 0.02;
    private double maxLeverage = 1.0;
    private BigDecimal maxPositionNotional = new BigDecimal("100000");
    private double maxConcentration = 0.10;
    private double maxSectorAllocation = 0.30;
    private Map<String, String> sectors = Map.of();
    private int maxOrdersPerSymbolPerMinute = 6;
    private int maxOrdersPerAccountPerMinute = 60;
    private int maxOrdersPerDay = 2000;
    private double dailyLossLimit = 0.05;
    private double maxDrawdown = 0.10;
    private double targetMinuteVolatility = 0.003;
    private int volatilityMinBars = 30;
    private BigDecimal minScaledOrderNotional = new BigDecimal("2500");
    private Duration staleForecastAfter = Duration.ofMinutes(3);
    private boolean marketHours = true;
    private double forecastBandSigmas = 10;
    private double forecastMaxMove = 0.25;

    public Builder account(String v) {
      account = v;
      return this;
    }

    public Builder startingEquity(BigDecimal v) {
      startingEquity = v;
      return this;
    }

    public Builder quantityScale(int v) {
      quantityScale = v;
      return this;
    }

    public Builder maxOrderQuantity(BigDecimal v) {
      maxOrderQuantity = v;
      return this;
    }

    public Builder maxOrderNotional(BigDecimal v) {
      maxOrderNotional = v;
      return this;
    }

    public Builder priceCollar(double v) {
      priceCollar = v;
      return this;
    }

    public Builder maxLeverage(double v) {
      maxLeverage = v;
      return this;
    }

    public Builder maxPositionNotional(BigDecimal v) {
      maxPositionNotional = v;
      return this;
    }

    public Builder maxConcentration(double v) {
      maxConcentration = v;
      return this;
    }

    public Builder maxSectorAllocation(double v) {
      maxSectorAllocation = v;
      return this;
    }

    public Builder sectors(Map<String, String> v) {
      sectors = Map.copyOf(v);
      return this;
    }

    public Builder maxOrdersPerSymbolPerMinute(int v) {
      maxOrdersPerSymbolPerMinute = v;
      return this;
    }

    public Builder maxOrdersPerAccountPerMinute(int v) {
      maxOrdersPerAccountPerMinute = v;
      return this;
    }

    public Builder maxOrdersPerDay(int v) {
      maxOrdersPerDay = v;
      return this;
    }

    public Builder dailyLossLimit(double v) {
      dailyLossLimit = v;
      return this;
    }

    public Builder maxDrawdown(double v) {
      maxDrawdown = v;
      return this;
    }

    public Builder targetMinuteVolatility(double v) {
      targetMinuteVolatility = v;
      return this;
    }

    public Builder volatilityMinBars(int v) {
      volatilityMinBars = v;
      return this;
    }

    public Builder minScaledOrderNotional(BigDecimal v) {
      minScaledOrderNotional = v;
      return this;
    }

    public Builder staleForecastAfter(Duration v) {
      staleForecastAfter = v;
      return this;
    }

    public Builder marketHours(boolean v) {
      marketHours = v;
      return this;
    }

    public Builder forecastBandSigmas(double v) {
      forecastBandSigmas = v;
      return this;
    }

    public Builder forecastMaxMove(double v) {
      forecastMaxMove = v;
      return this;
    }

    public RiskLimits build() {
      return new RiskLimits(
          account,
          startingEquity,
          quantityScale,
          maxOrderQuantity,
          maxOrderNotional,
          priceCollar,
          maxLeverage,
          maxPositionNotional,
          maxConcentration,
          maxSectorAllocation,
          sectors == null ? Map.of() : Map.copyOf(sectors),
          maxOrdersPerSymbolPerMinute,
          maxOrdersPerAccountPerMinute,
          maxOrdersPerDay,
          dailyLossLimit,
          maxDrawdown,
          targetMinuteVolatility,
          volatilityMinBars,
          minScaledOrderNotional,
          staleForecastAfter,
          marketHours,
          forecastBandSigmas,
          forecastMaxMove);
    }
  }
}
