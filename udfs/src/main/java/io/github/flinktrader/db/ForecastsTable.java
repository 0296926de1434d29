package io.github.flinktrader.db;

import io.github.flinktrader.records.Forecast;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * {@code forecasts}: one row per symbol, bar and model version, quantile prices as arrays; the view
 * {@code forecast_points} unnests them to one row per horizon and quantile.
 */
public final class ForecastsTable implements Table<Forecast> {

  private static final long serialVersionUID = 1L;

  private final String table;

  /** The live forecasts' table. */
  public ForecastsTable() {
    this("forecasts");
  }

  /** {@code forecasts}, or {@code shadow_forecasts} for a shadow model's. */
  public ForecastsTable(String table) {
    if (!table.equals("forecasts") && !table.equals("shadow_forecasts")) {
      throw new IllegalArgumentException("no forecast table " + table);
    }
    this.table = table;
  }

  @Override
  public String upsertSql() {
    return """
        INSERT INTO %s (symbol, bar_end, model_version, reference_price, horizons_minutes,
                               quantile_levels, prices, fallback)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (symbol, bar_end, model_version) DO UPDATE SET
          reference_price = EXCLUDED.reference_price, horizons_minutes = EXCLUDED.horizons_minutes,
          quantile_levels = EXCLUDED.quantile_levels, prices = EXCLUDED.prices,
          fallback = EXCLUDED.fallback"""
        .formatted(table);
  }

  @Override
  public void bind(PreparedStatement ps, Forecast f) throws SQLException {
    ps.setString(1, f.symbol());
    Sql.time(ps, 2, f.barEnd());
    ps.setString(3, f.modelVersion());
    Sql.decimal(ps, 4, f.referencePrice());
    Integer[] horizons = new Integer[f.horizonsMinutes().length];
    for (int i = 0; i < horizons.length; i++) {
      horizons[i] = f.horizonsMinutes()[i];
    }
    ps.setArray(5, ps.getConnection().createArrayOf("int4", horizons));
    ps.setArray(6, ps.getConnection().createArrayOf("float8", Sql.boxed(f.quantileLevels())));
    ps.setArray(7, ps.getConnection().createArrayOf("float8", Sql.boxed(f.prices())));
    ps.setBoolean(8, f.fallback());
  }
}
