package io.github.flinktrader.db;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;

/** Binding helpers: times as {@code timestamptz}, money as {@code numeric}, never as double. */
final class Sql {

  private Sql() {}

  static void time(PreparedStatement ps, int index, long epochMillis) throws SQLException {
    ps.setTimestamp(index, new Timestamp(epochMillis));
  }

  static void decimal(PreparedStatement ps, int index, BigDecimal value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.NUMERIC);
    } else {
      ps.setBigDecimal(index, value);
    }
  }

  static Double[] boxed(double[] values) {
    Double[] out = new Double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
