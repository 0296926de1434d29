package io.github.flinktrader.db;

import io.github.flinktrader.records.Position;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * {@code position_history}: the ledger after every fill, keyed by symbol and fill count; the view
 * {@code positions} shows the latest row per symbol.
 */
public final class PositionsTable implements Table<Position> {

  private static final long serialVersionUID = 1L;

  @Override
  public String upsertSql() {
    return """
        INSERT INTO position_history (symbol, fills, position_time, quantity, average_price,
                                      realized_pnl, cash_flow, mark_price, unrealized_pnl)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (symbol, fills) DO UPDATE SET
          position_time = EXCLUDED.position_time, quantity = EXCLUDED.quantity,
          average_price = EXCLUDED.average_price, realized_pnl = EXCLUDED.realized_pnl,
          cash_flow = EXCLUDED.cash_flow, mark_price = EXCLUDED.mark_price,
          unrealized_pnl = EXCLUDED.unrealized_pnl""";
  }

  @Override
  public void bind(PreparedStatement ps, Position p) throws SQLException {
    ps.setString(1, p.symbol());
    ps.setInt(2, p.fills());
    Sql.time(ps, 3, p.time());
    Sql.decimal(ps, 4, p.quantity());
    Sql.decimal(ps, 5, p.averagePrice());
    Sql.decimal(ps, 6, p.realizedPnl());
    Sql.decimal(ps, 7, p.cashFlow());
    Sql.decimal(ps, 8, p.markPrice());
    Sql.decimal(ps, 9, p.unrealizedPnl());
  }
}
