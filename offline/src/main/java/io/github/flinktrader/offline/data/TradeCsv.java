package io.github.flinktrader.offline.data;

import io.github.flinktrader.records.Trade;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads trades from a CSV of {@code timestamp,price,amount} (epoch seconds, as in Bitstamp's
 * export), line by line; the line number is the trade id. Each line reaches the handler either as a
 * well-formed trade or with the reason it is not one.
 */
public final class TradeCsv {

  /** What to do with each line. */
  public interface Handler {
    /**
     * @param trade the trade, or null when the line is not a well-formed one
     * @param reason null for a trade; {@code unreadable-line} or {@code invalid-trade} otherwise
     */
    void line(long lineNo, String line, Trade trade, String reason, String detail)
        throws IOException, InterruptedException;
  }

  private final String symbol;
  private final String source;

  public TradeCsv(String symbol, String source) {
    this.symbol = symbol;
    this.source = source;
  }

  /** Reads every line but a header and blank lines. */
  public void read(InputStream csv, Handler handler) throws IOException, InterruptedException {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
      String line;
      long lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank() || (lineNo == 1 && line.startsWith("timestamp"))) {
          continue;
        }
        Trade trade;
        try {
          trade = parse(line, lineNo);
        } catch (RuntimeException e) {
          handler.line(lineNo, line, null, "unreadable-line", String.valueOf(e.getMessage()));
          continue;
        }
        Optional<String> violation = trade.violation();
        if (violation.isPresent()) {
          handler.line(lineNo, line, null, "invalid-trade", violation.get());
        } else {
          handler.line(lineNo, line, trade, null, null);
        }
      }
    }
  }

  Trade parse(String line, long lineNo) {
    String[] cols = line.split(",", -1);
    if (cols.length != 3) {
      throw new IllegalArgumentException("expected 3 columns, found " + cols.length);
    }
    long seconds = Long.parseLong(cols[0].trim());
    return new Trade(
        symbol,
        Math.multiplyExact(seconds, 1000L),
        new BigDecimal(cols[1].trim()),
        new BigDecimal(cols[2].trim()),
        Long.toString(lineNo),
        source);
  }
}
