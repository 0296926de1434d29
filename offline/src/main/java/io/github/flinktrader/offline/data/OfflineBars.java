package io.github.flinktrader.offline.data;

import io.github.flinktrader.ingest.EmitMinuteBar;
import io.github.flinktrader.ingest.MinuteBarAggregate;
import io.github.flinktrader.market.Ohlcv;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Trade;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Minute bars from a finite set of trades outside Flink (model training, feature statistics), by
 * the same aggregation the ingest job runs in its windows, so offline bars equal streamed ones.
 */
public final class OfflineBars {

  private OfflineBars() {}

  /** Bars of one symbol's trades, in time order. */
  public static List<MinuteBar> minuteBars(String symbol, Iterable<Trade> trades) {
    MinuteBarAggregate agg = new MinuteBarAggregate();
    Map<Long, Ohlcv> byMinute = new TreeMap<>();
    for (Trade t : trades) {
      long minute = Math.floorDiv(t.timestamp(), 60_000L);
      byMinute.put(minute, agg.add(t, byMinute.getOrDefault(minute, agg.createAccumulator())));
    }
    List<MinuteBar> bars = new ArrayList<>(byMinute.size());
    byMinute.forEach(
        (minute, acc) ->
            bars.add(
                EmitMinuteBar.toBar(symbol, minute * 60_000L, minute * 60_000L + 60_000L, acc)));
    return bars;
  }

  /**
   * Bars from a Bitstamp-style CSV ({@code timestamp,price,amount}, epoch seconds); a line that is
   * not a valid trade is an error naming the line.
   */
  public static List<MinuteBar> fromCsv(InputStream csv, String symbol, String source)
      throws IOException {
    List<Trade> trades = new ArrayList<>();
    try {
      new TradeCsv(symbol, source)
          .read(
              csv,
              (lineNo, line, trade, reason, detail) -> {
                if (trade == null) {
                  throw new IllegalArgumentException(
                      "line " + lineNo + ": " + reason + ": " + detail);
                }
                trades.add(trade);
              });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading trades", e);
    }
    return minuteBars(symbol, trades);
  }
}
