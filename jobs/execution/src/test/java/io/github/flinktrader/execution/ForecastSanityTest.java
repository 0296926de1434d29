package io.github.flinktrader.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.Forecast;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ForecastSanityTest {

  private static final RiskLimits LIMITS = RiskLimits.defaults();
  private static final int[] HORIZONS = {1, 5, 15};
  private static final double[] LEVELS = {0.1, 0.5, 0.9};

  private static Forecast forecast(double ref, double... prices) {
    return new Forecast(
        "BTCUSD", 60_000, "m/1", BigDecimal.valueOf(ref), HORIZONS, LEVELS, prices, false);
  }

  private static RiskBook.SymbolBook book(double last, double minuteVol, int bars) {
    RiskBook.SymbolBook sb = new RiskBook.SymbolBook();
    sb.lastPrice = BigDecimal.valueOf(last);
    sb.ewVariance = minuteVol * minuteVol;
    sb.bars = bars;
    return sb;
  }

  @Test
  void anOrdinaryForecastPasses() {
    Forecast f = forecast(100, 99.9, 100, 100.1, 99.8, 100.05, 100.2, 99.5, 100.1, 100.6);
    assertThat(ForecastSanity.violation(f, book(100, 0.002, 100), LIMITS)).isEmpty();
    // Equal quantiles (a fallback's flat forecast) are not crossed.
    Forecast flat = forecast(100, 100, 100, 100, 100, 100, 100, 100, 100, 100);
    assertThat(ForecastSanity.violation(flat, book(100, 0.002, 100), LIMITS)).isEmpty();
  }

  @Test
  void crossedQuantilesAreImplausible() {
    Forecast f = forecast(100, 100.2, 100, 99.8, 99.8, 100, 100.2, 99.5, 100, 100.5);
    assertThat(ForecastSanity.violation(f, book(100, 0.002, 100), LIMITS))
        .hasValueSatisfying(v -> assertThat(v).contains("quantiles cross at 1 min"));
  }

  @Test
  void aMedianFarOutsideTheVolatilityBandIsImplausible() {
    // 0.2% a minute: the band at 15 minutes is 10 x 0.002 x sqrt(15) = 7.7%.
    Forecast tenPercent = forecast(100, 99, 100, 101, 99, 100, 101, 105, 110, 115);
    assertThat(ForecastSanity.violation(tenPercent, book(100, 0.002, 100), LIMITS))
        .hasValueSatisfying(v -> assertThat(v).contains("15-min median"));
    Forecast million = forecast(100, 1e8, 1e8, 1e8, 1e8, 1e8, 1e8, 1e8, 1e8, 1e8);
    // Before the volatility is known the widest band applies: still far too narrow for this.
    assertThat(ForecastSanity.violation(million, book(100, 0, 0), LIMITS)).isPresent();
    assertThat(ForecastSanity.violation(million, new RiskBook.SymbolBook(), LIMITS)).isPresent();
    Forecast five = forecast(100, 99, 105, 106, 99, 105, 106, 99, 105, 106);
    assertThat(ForecastSanity.violation(five, new RiskBook.SymbolBook(), LIMITS)).isEmpty();
  }

  @Test
  void malformedLevelsAndHorizonsAreImplausible() {
    Forecast levels =
        new Forecast(
            "BTCUSD",
            60_000,
            "m/1",
            BigDecimal.valueOf(100),
            new int[] {1},
            new double[] {0.5, 0.1, 1.5},
            new double[] {100, 100, 100},
            false);
    assertThat(ForecastSanity.violation(levels, book(100, 0.002, 100), LIMITS)).isPresent();
    Forecast horizons =
        new Forecast(
            "BTCUSD",
            60_000,
            "m/1",
            BigDecimal.valueOf(100),
            new int[] {5, -1},
            new double[] {0.5},
            new double[] {100, 100},
            false);
    assertThat(ForecastSanity.violation(horizons, book(100, 0.002, 100), LIMITS)).isPresent();
    Forecast negative = forecast(100, -1, 100, 101, 99, 100, 101, 99, 100, 101);
    assertThat(ForecastSanity.violation(negative, book(100, 0.002, 100), LIMITS)).isPresent();
  }
}
