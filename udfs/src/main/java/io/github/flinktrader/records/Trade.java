package io.github.flinktrader.records;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * One executed trade on a venue.
 *
 * @param symbol instrument, e.g. {@code BTCUSD}
 * @param timestamp execution time, epoch milliseconds
 * @param price execution price in quote currency
 * @param size traded quantity in base units, zero for a venue's zero-size print
 * @param tradeId venue trade id, unique per symbol and source
 * @param source where the trade came from, e.g. {@code bitstamp-replay}
 */
public record Trade(
    String symbol, long timestamp, BigDecimal price, BigDecimal size, String tradeId, String source)
    implements Event {

  @Override
  public String key() {
    return symbol;
  }

  @Override
  public long eventTime() {
    return timestamp;
  }

  @Override
  public Optional<String> violation() {
    return Checks.firstOf(
        Checks.symbol("symbol", symbol),
        Checks.positiveTime("timestamp", timestamp),
        Checks.positive("price", price),
        // Venues do print zero-size trades (Bitstamp's export has 18 in the sample): they set the
        // price but add no volume.
        Checks.nonNegative("size", size),
        Checks.notBlank("tradeId", tradeId),
        Checks.maxLength("tradeId", tradeId, 100),
        Checks.maxLength("source", source, 100));
  }
}
