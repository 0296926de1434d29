package io.github.flinktrader.db;

import io.github.flinktrader.records.RiskDecision;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** {@code risk_decisions}: every order intent with the gate's verdict and reason. */
public final class RiskDecisionsTable implements Table<RiskDecision> {

  private static final long serialVersionUID = 1L;

  @Override
  public String upsertSql() {
    return """
        INSERT INTO risk_decisions (client_order_id, symbol, decision_time, verdict, reason, side,
                                    quantity, reference_price, notional, position_before, position_after,
                                    requested_quantity, model_version, forecast_bar_end,
                                    trading_state)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (client_order_id) DO UPDATE SET
          verdict = EXCLUDED.verdict, reason = EXCLUDED.reason, side = EXCLUDED.side,
          quantity = EXCLUDED.quantity, reference_price = EXCLUDED.reference_price,
          notional = EXCLUDED.notional, position_before = EXCLUDED.position_before,
          position_after = EXCLUDED.position_after,
          requested_quantity = EXCLUDED.requested_quantity,
          model_version = EXCLUDED.model_version, forecast_bar_end = EXCLUDED.forecast_bar_end,
          trading_state = EXCLUDED.trading_state""";
  }

  @Override
  public void bind(PreparedStatement ps, RiskDecision d) throws SQLException {
    ps.setString(1, d.clientOrderId());
    ps.setString(2, d.symbol());
    Sql.time(ps, 3, d.decisionTime());
    ps.setString(4, d.verdict().name());
    ps.setString(5, d.reason());
    ps.setString(6, d.side() == null ? "NONE" : d.side().name());
    Sql.decimal(ps, 7, d.quantity());
    Sql.decimal(ps, 8, d.referencePrice());
    Sql.decimal(ps, 9, d.notional());
    Sql.decimal(ps, 10, d.positionBefore());
    Sql.decimal(ps, 11, d.positionAfter());
    Sql.decimal(ps, 12, d.requestedQuantity());
    ps.setString(13, d.modelVersion());
    if (d.forecastBarEnd() > 0) {
      Sql.time(ps, 14, d.forecastBarEnd());
    } else {
      ps.setNull(14, java.sql.Types.TIMESTAMP);
    }
    ps.setString(15, d.tradingState() == null ? null : d.tradingState().name());
  }
}
