package io.github.flinktrader.local;

import io.github.flinktrader.db.DbSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What the pipeline has written to the database so far, for progress lines and the summary. */
record PipelineReport(
    long bars,
    long features,
    long forecasts,
    long fallbacks,
    long approved,
    long rejected,
    long orders,
    long fills,
    long deadLetters,
    long sentimentWindows,
    long featuresWithSentiment,
    long explained,
    BigDecimal realizedPnl,
    BigDecimal markToMarketPnl) {

  static final String PNL_SQL =
      """
      select coalesce(sum(p.realized_pnl), 0),
             coalesce(sum(p.cash_flow + p.quantity * (select b.close from bars_1m b
                                                      where b.symbol = p.symbol
                                                      order by b.bucket_start desc limit 1)), 0)
      from positions p""";

  /** Empties the tables the pipeline writes (not the schema history). */
  static void clearResults(DbSettings db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "truncate bars_1m, features, forecasts, risk_decisions, orders, fills, position_history,"
              + " dead_letters, reddit_sentiment_aggregated, trading_states, control_commands,"
              + " forecast_explanations");
    }
  }

  /**
   * Brings {@code bars_1h} up to date: a refresh of the plain materialized view, or of the
   * continuous aggregate where TimescaleDB runs it.
   */
  static void refreshAggregates(DbSettings db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      String mode;
      try (ResultSet rs = s.executeQuery("select mode from storage_mode")) {
        rs.next();
        mode = rs.getString(1);
      }
      if ("timescaledb".equals(mode)) {
        c.setAutoCommit(true);
        s.execute("call refresh_continuous_aggregate('bars_1h', null, null)");
      } else {
        s.execute("refresh materialized view bars_1h");
      }
    }
  }

  static PipelineReport read(DbSettings db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      long[] n = new long[12];
      String[] counts = {
        "select count(*) from bars_1m",
        "select count(*) from features",
        "select count(*) from forecasts",
        "select count(*) from forecasts where fallback",
        "select count(*) from risk_decisions where verdict = 'APPROVED'",
        "select count(*) from risk_decisions where verdict = 'REJECTED'",
        "select count(*) from orders",
        "select count(*) from fills",
        "select count(*) from dead_letters",
        "select count(*) from reddit_sentiment_aggregated",
        "select count(*) from features where (feature_values->>'sentiment_bullish_60')::float8"
            + " + (feature_values->>'sentiment_bearish_60')::float8"
            + " + (feature_values->>'sentiment_neutral_60')::float8 > 0",
        "select count(*) from forecast_explanations"
      };
      for (int i = 0; i < counts.length; i++) {
        try (ResultSet rs = s.executeQuery(counts[i])) {
          rs.next();
          n[i] = rs.getLong(1);
        }
      }
      try (ResultSet rs = s.executeQuery(PNL_SQL)) {
        rs.next();
        return new PipelineReport(
            n[0],
            n[1],
            n[2],
            n[3],
            n[4],
            n[5],
            n[6],
            n[7],
            n[8],
            n[9],
            n[10],
            n[11],
            rs.getBigDecimal(1).setScale(2, RoundingMode.HALF_EVEN),
            rs.getBigDecimal(2).setScale(2, RoundingMode.HALF_EVEN));
      }
    }
  }

  String summary() {
    return String.join(
        "\n",
        String.format("  minute bars            %,10d", bars),
        String.format("  sentiment windows      %,10d", sentimentWindows),
        String.format(
            "  feature vectors        %,10d  (%,d with sentiment of the hour before)",
            features, featuresWithSentiment),
        String.format(
            "  forecasts              %,10d  (%,d fallbacks%s)",
            forecasts,
            fallbacks,
            explained == 0 ? "" : String.format(", %,d with their explanation", explained)),
        String.format("  risk decisions         %,10d approved, %,d rejected", approved, rejected),
        String.format("  orders                 %,10d", orders),
        String.format("  fills                  %,10d", fills),
        String.format("  dead letters           %,10d", deadLetters),
        String.format("  realized PnL (USD)     %14s", realizedPnl.toPlainString()),
        String.format(
            "  marked-to-market PnL   %14s  (at the last bar's close)",
            markToMarketPnl.toPlainString()));
  }
}
