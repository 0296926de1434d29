package io.github.flinktrader.db;

import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * How one record type is written to its table: an idempotent upsert ({@code INSERT ... ON CONFLICT
 * ... DO UPDATE}), so a replay after a failure, or a second run, never duplicates rows.
 */
public interface Table<T> extends Serializable {

  String upsertSql();

  void bind(PreparedStatement statement, T row) throws SQLException;
}
