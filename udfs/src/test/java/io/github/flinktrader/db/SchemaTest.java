package io.github.flinktrader.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Event;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.Fill;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.OrderStatus;
import io.github.flinktrader.records.Position;
import io.github.flinktrader.records.RiskDecision;
import io.github.flinktrader.records.Samples;
import io.github.flinktrader.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The migrations on the real PostgreSQL server (or TimescaleDB, where TRADING_DB_URL points at
 * one): every table takes its record type's upsert twice without duplicating, the storage mode
 * matches the engine, and every SQL example in README and docs/ runs.
 */
class SchemaTest {

  private static TestDatabase db;

  @BeforeAll
  static void create() throws Exception {
    db = TestDatabase.create();
  }

  @AfterAll
  static void drop() throws Exception {
    db.close();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  @Test
  void everyTableUpsertsIdempotently() throws Exception {
    Map<Class<?>, Table<?>> tables =
        Map.ofEntries(
            Map.entry(MinuteBar.class, new BarsTable()),
            Map.entry(io.github.flinktrader.records.AggregateBar.class, new AggregateBarsTable()),
            Map.entry(FeatureVector.class, new FeaturesTable(List.of("a", "b", "c"))),
            Map.entry(Forecast.class, new ForecastsTable()),
            Map.entry(RiskDecision.class, new RiskDecisionsTable()),
            Map.entry(Order.class, new OrdersTable()),
            Map.entry(Fill.class, new FillsTable()),
            Map.entry(Position.class, new PositionsTable()),
            Map.entry(DeadLetter.class, new DeadLettersTable()),
            Map.entry(
                io.github.flinktrader.records.ControlCommand.class, new ControlCommandsTable()),
            Map.entry(
                io.github.flinktrader.records.TradingStateChange.class, new TradingStatesTable()));
    try (Connection c = db.settings().connect()) {
      for (int round = 0; round < 2; round++) {
        for (Event e : Samples.all()) {
          Table table = tables.get(e.getClass());
          if (table == null) {
            continue;
          }
          try (PreparedStatement ps = c.prepareStatement(table.upsertSql())) {
            table.bind(ps, e);
            ps.executeUpdate();
          }
        }
      }
    }
    assertThat(db.count("select count(*) from bars_1m")).isEqualTo(1);
    assertThat(db.count("select count(*) from bars_agg where minutes_with_trades = 4"))
        .isEqualTo(1);
    assertThat(db.count("select count(*) from orders where client_order_id like 's1-%'"))
        .isEqualTo(2);
    assertThat(db.count("select count(*) from dead_letters")).isEqualTo(1);
    assertThat(db.count("select count(*) from control_commands where kind = 'COOLDOWN'"))
        .isEqualTo(1);
    assertThat(db.count("select count(*) from trading_states where to_state = 'HALTED'"))
        .isEqualTo(1);
    assertThat(
            db.count(
                "select count(*) from orders where reason = 'insufficient buying power' and filled_quantity = 0.25"))
        .isEqualTo(1);
    // The audit view explains the orders from their risk decision (the child order through its
    // parent's id is not in the samples, so only the one whose decision exists joins).
    assertThat(
            db.count("select count(*) from order_audit where model_version = 'baseline-rw-vol/1'"))
        .isEqualTo(1);
    assertThat(db.count("select count(*) from forecast_points")).isEqualTo(12);
    try (Connection c = db.settings().connect();
        PreparedStatement ps = c.prepareStatement(new ForecastExplanationsTable().upsertSql())) {
      for (Event e : Samples.all()) {
        if (e instanceof Forecast f && f.explanation() != null) {
          new ForecastExplanationsTable().bind(ps, f);
          ps.executeUpdate();
          ps.executeUpdate(); // idempotent
        }
      }
    }
    assertThat(
            db.count(
                "select count(*) from forecast_input_weights where model_version = 'tft/v1' and input = 'volume_z_30' and mean_weight = 0.3 and latest_weight = 0.3"))
        .isEqualTo(1);
    assertThat(db.count("select count(*) from forecast_explanations where context_length = 2"))
        .isEqualTo(1);
    assertThat(
            db.count(
                "select count(*) from forecast_points where horizon_minutes = 240 and quantile = 0.9 and price = 800"))
        .isEqualTo(2); // the two sample forecasts (baseline and TFT) share their prices
    assertThat(
            db.count(
                "select count(*) from features where feature_values->>'b' is null and (feature_values->>'a')::float8 = 0.1"))
        .isEqualTo(1);
  }

  /** The status the orders table keeps after {@code statuses} reach it in this order. */
  private String statusAfter(String id, OrderStatus... statuses) throws Exception {
    Order fresh =
        Order.market(
            id, "BTCUSD", 1L, io.github.flinktrader.records.Side.BUY, java.math.BigDecimal.TEN);
    OrdersTable t = new OrdersTable();
    try (Connection c = db.settings().connect()) {
      for (OrderStatus status : statuses) {
        try (PreparedStatement ps = c.prepareStatement(t.upsertSql())) {
          t.bind(
              ps,
              fresh.withStatus(
                  status,
                  status == OrderStatus.FILLED
                      ? java.math.BigDecimal.TEN
                      : java.math.BigDecimal.ONE,
                  null));
          ps.executeUpdate();
        }
      }
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("select status from orders where client_order_id = '" + id + "'")) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }
  }

  @Test
  void theOrdersTableTakesOnlyTheStatusMovesOrderStatusAllows() throws Exception {
    // An ended order keeps its end, whatever arrives after it.
    assertThat(statusAfter("x-1", OrderStatus.FILLED, OrderStatus.NEW)).isEqualTo("FILLED");
    assertThat(statusAfter("x-2", OrderStatus.NEW, OrderStatus.EXPIRED, OrderStatus.ACCEPTED))
        .isEqualTo("EXPIRED");
    // A working order never goes back: the gate's NEW may reach the sink after the broker's news.
    assertThat(statusAfter("x-3", OrderStatus.ACCEPTED, OrderStatus.NEW)).isEqualTo("ACCEPTED");
    assertThat(
            statusAfter(
                "x-4",
                OrderStatus.NEW,
                OrderStatus.PARTIALLY_FILLED,
                OrderStatus.ACCEPTED,
                OrderStatus.PARTIALLY_FILLED,
                OrderStatus.CANCELED))
        .isEqualTo("CANCELED");
    assertThat(statusAfter("x-5", OrderStatus.NEW, OrderStatus.ACCEPTED, OrderStatus.FILLED))
        .isEqualTo("FILLED");
    assertThat(
            db.count(
                "select count(*) from orders where client_order_id = 'x-1' and filled_quantity = 10"))
        .isEqualTo(1);
  }

  @Test
  void storageModeMatchesTheEngine() throws Exception {
    try (Connection c = db.settings().connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select mode, exists (select 1 from pg_extension where extname = 'timescaledb') from storage_mode")) {
      assertThat(rs.next()).isTrue();
      String mode = rs.getString(1);
      boolean timescale = rs.getBoolean(2);
      // The TimescaleDB run of this test must really be on TimescaleDB.
      assertThat(timescale).isEqualTo(Boolean.getBoolean("expect.timescaledb"));
      if (timescale) {
        assertThat(mode).startsWith("timescaledb");
        assertThat(
                db.count(
                    "select count(*) from timescaledb_information.hypertables "
                        + "where hypertable_name in ('bars_1m', 'features', 'forecasts')"))
            .isEqualTo(3);
        if (mode.equals("timescaledb")) {
          assertThat(
                  db.count(
                      "select count(*) from timescaledb_information.continuous_aggregates where view_name = 'bars_1h'"))
              .isEqualTo(1);
        }
      } else {
        assertThat(mode).isEqualTo("postgresql");
        assertThat(
                db.count("select count(*) from pg_indexes where indexname = 'bars_1m_time_brin'"))
            .isEqualTo(1);
        assertThat(db.count("select count(*) from pg_matviews where matviewname = 'bars_1h'"))
            .isEqualTo(1);
      }
    }
  }

  @Test
  void everyQueryOfTheReadmeAndTheDocsRuns() throws Exception {
    StringBuilder all = new StringBuilder(Files.readString(Path.of("..", "README.md")));
    try (var docs = Files.walk(Path.of("..", "docs"))) {
      for (Path p : docs.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
        all.append('\n').append(Files.readString(p));
      }
    }
    String text = all.toString();
    Matcher m = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(text);
    List<String> statements = new ArrayList<>();
    while (m.find()) {
      String block = m.group(1).replaceAll("(?m)^\\s*--.*$", "");
      for (String stmt : block.split(";")) {
        String sql = stmt.trim();
        if (!sql.isEmpty()) {
          statements.add(sql);
        }
      }
    }
    assertThat(statements).hasSizeGreaterThan(5);
    try (Connection c = db.settings().connect();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }
}
