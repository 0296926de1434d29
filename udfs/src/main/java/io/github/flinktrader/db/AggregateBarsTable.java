package io.github.flinktrader.db;

import io.github.flinktrader.records.AggregateBar;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** {@code bars_agg}: one row per timeframe, symbol and window. */
public final class AggregateBarsTable implements Table<AggregateBar> {

  private static final long serialVersionUID = 1L;

  @Override
  public String upsertSql() {
    return """
        INSERT INTO bars_agg (timeframe_minutes, symbol, bucket_start, bucket_end, open, high, low,
                              close, volume, vwap, trades, minutes_with_trades)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (timeframe_minutes, symbol, bucket_start) DO UPDATE SET
          bucket_end = EXCLUDED.bucket_end, open = EXCLUDED.open, high = EXCLUDED.high,
          low = EXCLUDED.low, close = EXCLUDED.close, volume = EXCLUDED.volume,
          vwap = EXCLUDED.vwap, trades = EXCLUDED.trades,
          minutes_with_trades = EXCLUDED.minutes_with_trades""";
  }

  @Override
  public void bind(PreparedStatement ps, AggregateBar b) throws SQLException {
    ps.setInt(1, b.timeframeMinutes());
    ps.setString(2, b.symbol());
    Sql.time(ps, 3, b.start());
    Sql.time(ps, 4, b.end());
    Sql.decimal(ps, 5, b.open());
    Sql.decimal(ps, 6, b.high());
    Sql.decimal(ps, 7, b.low());
    Sql.decimal(ps, 8, b.close());
    Sql.decimal(ps, 9, b.volume());
    Sql.decimal(ps, 10, b.vwap());
    ps.setInt(11, b.trades());
    ps.setInt(12, b.minutesWithTrades());
  }
}
