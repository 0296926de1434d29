package io.github.flinktrader.db;

import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.OrderStatus;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * {@code orders}: one row per client order id, with its latest status. New and fill updates reach
 * the sink on different paths, so the status only takes a move {@link OrderStatus} allows (an ended
 * order keeps its end, a working one never goes back to NEW), and the filled quantity never goes
 * down.
 */
public final class OrdersTable implements Table<Order> {

  private static final long serialVersionUID = 1L;

  private static final String MOVES = OrderStatus.movesAsSqlRows();

  @Override
  public String upsertSql() {
    return """
        INSERT INTO orders (client_order_id, symbol, submitted_at, side, order_type, quantity,
                            limit_price, stop_price, take_profit_limit, stop_loss_stop,
                            parent_client_order_id, status, filled_quantity, reason,
                            display_quantity)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (client_order_id) DO UPDATE SET
          status = CASE WHEN (orders.status, EXCLUDED.status) IN (%s)
                        THEN EXCLUDED.status ELSE orders.status END,
          filled_quantity = GREATEST(orders.filled_quantity, EXCLUDED.filled_quantity),
          reason = coalesce(EXCLUDED.reason, orders.reason)"""
        .formatted(MOVES);
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
    Sql.decimal(ps, 8, o.stopPrice());
    Sql.decimal(ps, 9, o.takeProfitLimit());
    Sql.decimal(ps, 10, o.stopLossStop());
    ps.setString(11, o.parentClientOrderId());
    ps.setString(12, o.status().name());
    Sql.decimal(
        ps, 13, o.filledQuantity() == null ? java.math.BigDecimal.ZERO : o.filledQuantity());
    ps.setString(14, o.reason());
    Sql.decimal(ps, 15, o.displayQuantity());
  }
}
