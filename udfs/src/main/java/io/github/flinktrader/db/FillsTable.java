package io.github.flinktrader.db;

import io.github.flinktrader.records.Fill;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** {@code fills}: one row per execution. */
public final class FillsTable implements Table<Fill> {

  private static final long serialVersionUID = 1L;

  @Override
  public String upsertSql() {
    return """
        INSERT INTO fills (fill_id, client_order_id, symbol, fill_time, side, quantity, price, commission)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (fill_id) DO UPDATE SET
          quantity = EXCLUDED.quantity, price = EXCLUDED.price, commission = EXCLUDED.commission""";
  }

  @Override
  public void bind(PreparedStatement ps, Fill f) throws SQLException {
    ps.setString(1, f.fillId());
    ps.setString(2, f.clientOrderId());
    ps.setString(3, f.symbol());
    Sql.time(ps, 4, f.time());
    ps.setString(5, f.side().name());
    Sql.decimal(ps, 6, f.quantity());
    Sql.decimal(ps, 7, f.price());
    Sql.decimal(ps, 8, f.commission());
  }
}
