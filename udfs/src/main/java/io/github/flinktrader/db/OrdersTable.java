package io.github.flinktrader.db;

import io.github.flinktrader.records.Order;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * {@code orders}: one row per client order id, with its latest status. New and fill updates reach
 * the sink on different paths, so a terminal status is never overwritten by an earlier one.
 */
public final class OrdersTable implements Table<Order> {

  private static final long serialVersionUID = 1L;

  @Override
  public String upsertSql() {
    return """
        INSERT INTO orders (client_order_id, symbol, submitted_at, side, order_type, quantity,
                            limit_price, status)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (client_order_id) DO UPDATE SET status =
          CASE WHEN orders.status IN ('FILLED', 'CANCELED', 'REJECTED') THEN orders.status
               ELSE EXCLUDED.status END""";
  }

  @Override
  public void bind(PreparedStatement ps, Order o) throws SQLException {
    ps.setString(1, o.clientOrderId());
    ps.setString(2, o.symbol());
    Sql.time(ps, 3, o.submittedAt());
    ps.setString(4, o.side().name());
    ps.setString(5, o.type().name());
    Sql.decimal(ps, 6, o.quantity());
    Sql.decimal(ps, 7, o.limitPrice());
    ps.setString(8, o.status().name());
  }
}
