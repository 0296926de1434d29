package io.github.flinktrader.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.MinuteBar;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandWidthIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsLowerIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsMiddleIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsUpperIndicator;
import org.ta4j.core.indicators.bollinger.PercentBIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.statistics.StandardDeviationIndicator;
import org.ta4j.core.num.Num;

/**
 * The incremental indicators against ta4j, an independent implementation, on the real Bitstamp
 * BTC/USD minute bars (9,399 bars built here from the 100,000 raw trades). Seeds differ in the
 * first bars (Wilder's RSI is seeded with a simple mean here, with the first value in ta4j); after
 * a warm-up of {@value #WARM_UP} bars every value must agree to a relative {@value #TOLERANCE}.
 */
class Ta4jOracleTest {

  static final int WARM_UP = 300;
  static final double TOLERANCE = 1e-6;

  private static List<MinuteBar> bars;
  private static List<FeatureVector> features;
  private static BarSeries series;

  @BeforeAll
  static void build() throws Exception {
    bars = bitstampMinuteBars();
    features = new ArrayList<>();
    FeatureState state = FeatureState.empty();
    series = new BaseBarSeriesBuilder().withName("BTCUSD").build();
    for (MinuteBar b : bars) {
      FeatureCalculator.Step step = FeatureCalculator.update(state, b);
      state = step.state();
      features.add(step.features());
      series.addBar(
          Instant.ofEpochMilli(b.end()).atZone(ZoneOffset.UTC),
          b.open(),
          b.high(),
          b.low(),
          b.close(),
          b.volume());
    }
  }

  @Test
  void theSampleHasOneBarPerMinuteWithTrades() {
    assertThat(bars).hasSize(9_399);
  }

  @Test
  void rsi14() {
    compare(FeatureSpec.RSI_14, new RSIIndicator(new ClosePriceIndicator(series), 14), 1);
  }

  @Test
  void macdLineSignalAndHistogram() {
    MACDIndicator macd = new MACDIndicator(new ClosePriceIndicator(series), 12, 26);
    compareOverClose(FeatureSpec.MACD_LINE, macd);
    compareOverClose(FeatureSpec.MACD_SIGNAL, macd.getSignalLine(9));
    compareOverClose(FeatureSpec.MACD_HIST, macd.getHistogram(9));
  }

  @Test
  void bollingerBands() {
    ClosePriceIndicator close = new ClosePriceIndicator(series);
    BollingerBandsMiddleIndicator middle =
        new BollingerBandsMiddleIndicator(new SMAIndicator(close, 20));
    StandardDeviationIndicator sd = new StandardDeviationIndicator(close, 20);
    BollingerBandsUpperIndicator upper =
        new BollingerBandsUpperIndicator(middle, sd, series.numOf(2));
    BollingerBandsLowerIndicator lower =
        new BollingerBandsLowerIndicator(middle, sd, series.numOf(2));
    compare(FeatureSpec.BOLLINGER_PCTB, new PercentBIndicator(close, 20, 2.0), 1);
    // ta4j gives the width in percent of the middle band.
    compare(
        FeatureSpec.BOLLINGER_WIDTH, new BollingerBandWidthIndicator(upper, middle, lower), 0.01);
  }

  @Test
  void averageTrueRange() {
    compareOverClose(FeatureSpec.ATR_14, new ATRIndicator(series, 14));
  }

  /** Compares feature {@code k} with {@code scale} times the ta4j indicator after warm-up. */
  private static void compare(int k, Indicator<Num> indicator, double scale) {
    int checked = 0;
    for (int i = WARM_UP; i < bars.size(); i++) {
      double expected = indicator.getValue(i).doubleValue() * scale;
      double actual = features.get(i).values()[k];
      if (Double.isNaN(expected)) {
        continue; // e.g. %B of a flat window, undefined in ta4j
      }
      assertThat(actual)
          .as("%s at bar %d", FeatureSpec.NAMES.get(k), i)
          .isCloseTo(expected, within(TOLERANCE * Math.max(1, Math.abs(expected))));
      checked++;
    }
    assertThat(checked).isGreaterThan(9_000);
  }

  /** As {@link #compare}, for price-unit indicators that the features divide by the close. */
  private static void compareOverClose(int k, Indicator<Num> indicator) {
    int checked = 0;
    for (int i = WARM_UP; i < bars.size(); i++) {
      double expected = indicator.getValue(i).doubleValue() / bars.get(i).close().doubleValue();
      assertThat(features.get(i).values()[k])
          .as("%s at bar %d", FeatureSpec.NAMES.get(k), i)
          .isCloseTo(expected, within(TOLERANCE * Math.max(1e-3, Math.abs(expected))));
      checked++;
    }
    assertThat(checked).isGreaterThan(9_000);
  }

  /**
   * Minute bars of the Bitstamp sample, aggregated here in file order, independently of the jobs.
   */
  static List<MinuteBar> bitstampMinuteBars() throws Exception {
    Map<Long, List<String[]>> byMinute = new TreeMap<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                Ta4jOracleTest.class
                    .getClassLoader()
                    .getResourceAsStream("bitstamp_trades_from_20131125_usd.csv"),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank() || line.startsWith("timestamp")) {
          continue;
        }
        String[] cols = line.split(",");
        byMinute.computeIfAbsent(Long.parseLong(cols[0]) / 60, m -> new ArrayList<>()).add(cols);
      }
    }
    List<MinuteBar> out = new ArrayList<>();
    for (var e : byMinute.entrySet()) {
      BigDecimal open = null;
      BigDecimal high = null;
      BigDecimal low = null;
      BigDecimal close = null;
      BigDecimal volume = BigDecimal.ZERO;
      BigDecimal notional = BigDecimal.ZERO;
      for (String[] t : e.getValue()) {
        BigDecimal p = new BigDecimal(t[1]);
        BigDecimal q = new BigDecimal(t[2]);
        open = open == null ? p : open;
        high = high == null || p.compareTo(high) > 0 ? p : high;
        low = low == null || p.compareTo(low) < 0 ? p : low;
        close = p;
        volume = volume.add(q);
        notional = notional.add(p.multiply(q));
      }
      long start = e.getKey() * 60_000;
      BigDecimal vwap =
          volume.signum() == 0 ? close : notional.divide(volume, MathContext.DECIMAL64);
      out.add(
          new MinuteBar(
              "BTCUSD",
              start,
              start + 60_000,
              open,
              high,
              low,
              close,
              volume,
              vwap,
              e.getValue().size()));
    }
    return out;
  }
}
