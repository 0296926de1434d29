package io.github.flinktrader.db;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.serde.Json;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** {@code features}: one row per symbol, bar and spec version; values as a JSON object by name. */
public final class FeaturesTable implements Table<FeatureVector> {

  private static final long serialVersionUID = 1L;

  private final String[] names;

  public FeaturesTable(List<String> names) {
    this.names = names.toArray(String[]::new);
  }

  @Override
  public String upsertSql() {
    return """
        INSERT INTO features (symbol, bar_end, spec_version, close, warm, feature_values)
        VALUES (?, ?, ?, ?, ?, ?::jsonb)
        ON CONFLICT (symbol, bar_end, spec_version) DO UPDATE SET
          close = EXCLUDED.close, warm = EXCLUDED.warm, feature_values = EXCLUDED.feature_values""";
  }

  @Override
  public void bind(PreparedStatement ps, FeatureVector f) throws SQLException {
    ps.setString(1, f.symbol());
    Sql.time(ps, 2, f.barEnd());
    ps.setString(3, f.specVersion());
    Sql.decimal(ps, 4, f.close());
    ps.setBoolean(5, f.warm());
    ObjectNode values = Json.mapper().createObjectNode();
    for (int i = 0; i < f.values().length && i < names.length; i++) {
      double v = f.values()[i];
      // JSON has no NaN: an undefined feature (still warming up) is stored as null.
      if (Double.isFinite(v)) {
        values.put(names[i], v);
      } else {
        values.putNull(names[i]);
      }
    }
    ps.setObject(6, values.toString(), Types.OTHER);
  }
}
