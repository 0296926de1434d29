package io.github.flinktrader.db;

import io.github.flinktrader.records.SentimentAggregate;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** {@code reddit_sentiment_aggregated}: one row per symbol and window. */
public final class SentimentAggregatesTable implements Table<SentimentAggregate> {

  private static final long serialVersionUID = 1L;

  @Override
  public String upsertSql() {
    return """
        INSERT INTO reddit_sentiment_aggregated (symbol, window_start, window_end, bullish,
          bearish, neutral, total, mean_score, smoothed_score, momentum, volume_z, mean_z,
          anomaly, fallbacks, model_version)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (symbol, window_start) DO UPDATE SET
          window_end = EXCLUDED.window_end, bullish = EXCLUDED.bullish,
          bearish = EXCLUDED.bearish, neutral = EXCLUDED.neutral, total = EXCLUDED.total,
          mean_score = EXCLUDED.mean_score, smoothed_score = EXCLUDED.smoothed_score,
          momentum = EXCLUDED.momentum, volume_z = EXCLUDED.volume_z, mean_z = EXCLUDED.mean_z,
          anomaly = EXCLUDED.anomaly, fallbacks = EXCLUDED.fallbacks,
          model_version = EXCLUDED.model_version""";
  }

  @Override
  public void bind(PreparedStatement ps, SentimentAggregate a) throws SQLException {
    ps.setString(1, a.symbol());
    Sql.time(ps, 2, a.windowStart());
    Sql.time(ps, 3, a.windowEnd());
    ps.setLong(4, a.bullish());
    ps.setLong(5, a.bearish());
    ps.setLong(6, a.neutral());
    ps.setLong(7, a.total());
    ps.setDouble(8, a.meanScore());
    ps.setDouble(9, a.smoothedScore());
    ps.setDouble(10, a.momentum());
    ps.setDouble(11, a.volumeZ());
    ps.setDouble(12, a.meanZ());
    ps.setBoolean(13, a.anomaly());
    ps.setLong(14, a.fallbacks());
    ps.setString(15, a.modelVersion());
  }
}
