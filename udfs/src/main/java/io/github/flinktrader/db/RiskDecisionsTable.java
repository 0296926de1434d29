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
                                    quantity, reference_price, notional, position_before, position_after)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (client_order_id) DO UPDATE SET
          verdict = EXCLUDED.verdict, reason = EXCLUDED.reason, side = EXCLUDED.side,
          quantity = EXCLUDED.quantity, reference_price = EXCLUDED.reference_price,
          notional = EXCLUDED.notional, position_before = EXCLUDED.position_before,
          position_after = EXCLUDED.position_after""";
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
  }
}
