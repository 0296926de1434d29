package io.github.flinktrader.db;

import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.records.ForecastExplanation;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * {@code forecast_explanations}: the explanation carried by a forecast, one row per symbol, bar and
 * model version (forecasts without one are not written here); the view {@code
 * forecast_input_weights} unnests the past inputs' weights.
 */
public final class ForecastExplanationsTable implements Table<Forecast> {

  private static final long serialVersionUID = 1L;

  @Override
  public String upsertSql() {
    return """
        INSERT INTO forecast_explanations (symbol, bar_end, model_version, past_inputs,
            past_weights, latest_weights, future_inputs, future_weights, context_length, attention)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (symbol, bar_end, model_version) DO UPDATE SET
          past_inputs = EXCLUDED.past_inputs, past_weights = EXCLUDED.past_weights,
          latest_weights = EXCLUDED.latest_weights, future_inputs = EXCLUDED.future_inputs,
          future_weights = EXCLUDED.future_weights, context_length = EXCLUDED.context_length,
          attention = EXCLUDED.attention""";
  }

  @Override
  public void bind(PreparedStatement ps, Forecast f) throws SQLException {
    ForecastExplanation e = f.explanation();
    if (e == null) {
      throw new IllegalArgumentException(f + " carries no explanation");
    }
    var c = ps.getConnection();
    ps.setString(1, f.symbol());
    Sql.time(ps, 2, f.barEnd());
    ps.setString(3, f.modelVersion());
    ps.setArray(4, c.createArrayOf("text", e.pastInputs()));
    ps.setArray(5, c.createArrayOf("float8", Sql.boxed(e.pastWeights())));
    ps.setArray(6, c.createArrayOf("float8", Sql.boxed(e.latestWeights())));
    ps.setArray(7, c.createArrayOf("text", e.futureInputs()));
    ps.setArray(8, c.createArrayOf("float8", Sql.boxed(e.futureWeights())));
    ps.setInt(9, e.contextLength());
    ps.setArray(10, c.createArrayOf("float8", Sql.boxed(e.attention())));
  }
}
