package io.github.flinktrader.offline.tft;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;

/**
 * {@code model_evaluations}: one row per evaluation of a version, scored model (the version itself
 * or a baseline) and horizon, on the version's held-out test range.
 */
public final class ModelEvaluationsTable {

  static final String INSERT =
      """
      INSERT INTO model_evaluations (model, version, evaluated_at, scored, horizon_minutes,
                                     test_from, test_to, samples, mean_pinball, coverage,
                                     mape_percent, rmse, directional_accuracy, scores)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)""";

  /**
   * One scored model at one horizon.
   *
   * @param evaluatedAt when the evaluation ran, epoch milliseconds (one value for all its rows)
   * @param directionalAccuracy NaN where the direction is not defined (a model without a median)
   * @param scores every figure of the row as JSON, per quantile as well
   */
  public record Row(
      String model,
      String version,
      long evaluatedAt,
      String scored,
      int horizonMinutes,
      long testFrom,
      long testTo,
      int samples,
      double meanPinball,
      double coverage,
      double mapePercent,
      double rmse,
      double directionalAccuracy,
      String scores) {}

  private ModelEvaluationsTable() {}

  /** Inserts one evaluation's rows in one batch. */
  public static void insert(Connection c, List<Row> rows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (Row r : rows) {
        ps.setString(1, r.model());
        ps.setString(2, r.version());
        ps.setTimestamp(3, new Timestamp(r.evaluatedAt()));
        ps.setString(4, r.scored());
        ps.setInt(5, r.horizonMinutes());
        ps.setTimestamp(6, new Timestamp(r.testFrom()));
        ps.setTimestamp(7, new Timestamp(r.testTo()));
        ps.setInt(8, r.samples());
        ps.setDouble(9, r.meanPinball());
        ps.setDouble(10, r.coverage());
        ps.setDouble(11, r.mapePercent());
        ps.setDouble(12, r.rmse());
        if (Double.isNaN(r.directionalAccuracy())) {
          ps.setNull(13, Types.DOUBLE);
        } else {
          ps.setDouble(13, r.directionalAccuracy());
        }
        ps.setString(14, r.scores());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
