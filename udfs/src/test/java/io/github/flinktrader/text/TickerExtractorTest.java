package io.github.flinktrader.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TickerExtractorTest {

  private final TickerExtractor tickers =
      new TickerExtractor(
          Set.of("AAPL", "A", "ALL", "BTCUSD", "TSLA", "BRK.B"),
          Map.of("BTC", "BTCUSD", "bitcoin", "BTCUSD", "apple", "AAPL"));

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "$A looks cheap|A",
        "I think I will buy|''",
        "ALL IN on this one|''",
        "$ALL reports Monday|ALL",
        "AAPL's earnings beat|AAPL",
        "$BTC.X breaking out|BTCUSD",
        "$btc and $TSLA|BTCUSD,TSLA",
        "bitcoin to 100k|BTCUSD",
        "Apple's new phone|AAPL",
        "pineapple pizza|''",
        "BTC vs. TSLA vs BTC|BTCUSD,TSLA",
        "email me at a$AAPL.com|''",
        "$BRK.B is boring|BRK.B",
        "US CEO says YOLO|''",
        "price $100 today|''"
      })
  void findsTheSymbolsAPostMentions(String text, String expected) {
    String[] want = expected.isEmpty() ? new String[0] : expected.split(",");
    assertThat(tickers.extract(text)).containsExactly(want);
  }

  @Test
  void combinesTitleAndBodyWithoutDuplicates() {
    assertThat(tickers.extract("AAPL up", "buying more $AAPL and BTC", null))
        .containsExactly("AAPL", "BTCUSD");
  }
}
