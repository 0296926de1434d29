package io.github.flinktrader.db;

import io.github.flinktrader.records.ControlCommand;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** {@code control_commands}: every command the risk gate applied, from operators and rules. */
public final class ControlCommandsTable implements Table<ControlCommand> {

  private static final long serialVersionUID = 1L;

  @Override
  public String upsertSql() {
    return """
        INSERT INTO control_commands (account, kind, symbol, issued_at, until, source, reason,
                                      quantity)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (account, kind, symbol, issued_at, source, reason) DO UPDATE SET
          until = EXCLUDED.until, quantity = EXCLUDED.quantity""";
  }

  @Override
  public void bind(PreparedStatement ps, ControlCommand c) throws SQLException {
    ps.setString(1, c.account());
    ps.setString(2, c.kind().name());
    ps.setString(3, c.symbol() == null ? "" : c.symbol());
    Sql.time(ps, 4, c.issuedAt());
    if (c.until() > 0) {
      Sql.time(ps, 5, c.until());
    } else {
      ps.setNull(5, java.sql.Types.TIMESTAMP);
    }
    ps.setString(6, c.source());
    ps.setString(7, c.reason());
    Sql.decimal(ps, 8, c.quantity());
  }
}
