package io.github.flinktrader.db;

import io.github.flinktrader.records.MinuteBar;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** {@code bars_1m}: one row per symbol and minute. */
public final class BarsTable implements Table<MinuteBar> {

  private static final long serialVersionUID = 1L;

  @Override
  public String upsertSql() {
    return """
        INSERT INTO bars_1m (symbol, bucket_start, bucket_end, open, high, low, close, volume, vwap, trades)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (symbol, bucket_start) DO UPDATE SET
          bucket_end = EXCLUDED.bucket_end, open = EXCLUDED.open, high = EXCLUDED.high,
          low = EXCLUDED.low, close = EXCLUDED.close, volume = EXCLUDED.volume,
          vwap = EXCLUDED.vwap, trades = EXCLUDED.trades""";
  }

  @Override
  public void bind(PreparedStatement ps, MinuteBar b) throws SQLException {
    ps.setString(1, b.symbol());
    Sql.time(ps, 2, b.start());
    Sql.time(ps, 3, b.end());
    Sql.decimal(ps, 4, b.open());
    Sql.decimal(ps, 5, b.high());
    Sql.decimal(ps, 6, b.low());
    Sql.decimal(ps, 7, b.close());
    Sql.decimal(ps, 8, b.volume());
    Sql.decimal(ps, 9, b.vwap());
    ps.setInt(10, b.trades());
  }
}
