package io.github.flinktrader.db;

import io.github.flinktrader.records.TradingStateChange;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** {@code trading_states}: every transition of an account's trading state and its trigger. */
public final class TradingStatesTable implements Table<TradingStateChange> {

  private static final long serialVersionUID = 1L;

  @Override
  public String upsertSql() {
    return """
        INSERT INTO trading_states (account, changed_at, from_state, to_state, trigger, processed_at)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (account, changed_at, to_state) DO UPDATE SET
          from_state = EXCLUDED.from_state, trigger = EXCLUDED.trigger""";
  }

  @Override
  public void bind(PreparedStatement ps, TradingStateChange c) throws SQLException {
    ps.setString(1, c.account());
    Sql.time(ps, 2, c.time());
    ps.setString(3, c.from().name());
    ps.setString(4, c.to().name());
    ps.setString(5, c.trigger());
    Sql.time(ps, 6, c.processedAt());
  }
}
