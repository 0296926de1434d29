package io.github.flinktrader.testing;

import io.github.flinktrader.db.DbSettings;
import io.github.flinktrader.db.Migrations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database on the real PostgreSQL server that {@code scripts/postgres.sh} starts (or the
 * one {@code TRADING_DB_URL} points at), migrated, and dropped again on close.
 */
public final class TestDatabase implements AutoCloseable {

  private final DbSettings admin;
  private final DbSettings db;
  private final String name;

  private TestDatabase(DbSettings admin, DbSettings db, String name) {
    this.admin = admin;
    this.db = db;
    this.name = name;
  }

  public static TestDatabase create() throws SQLException {
    DbSettings base = DbSettings.fromEnvironment();
    String name = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String serverUrl = base.url().substring(0, base.url().lastIndexOf('/'));
    DbSettings admin = withUrl(base, serverUrl + "/postgres");
    try (Connection c = admin.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    DbSettings db = withUrl(base, serverUrl + "/" + name);
    Migrations.apply(db);
    return new TestDatabase(admin, db, name);
  }

  private static DbSettings withUrl(DbSettings base, String url) {
    return DbSettings.from(url, base.user(), System.getenv());
  }

  public DbSettings settings() {
    return db;
  }

  public long count(String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The first column of the first row, as text. */
  public String text(String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * Drops the database. TimescaleDB's background scheduler (a superuser session this role may not
   * terminate) can be connected to it for a moment after the extension was created: the drop is
   * retried, and if the database stays busy it is left behind (its name is unique) rather than
   * failing the test that used it.
   */
  @Override
  public void close() throws SQLException {
    SQLException last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      try (Connection c = admin.connect();
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        return;
      } catch (SQLException e) {
        last = e;
        try {
          Thread.sleep(500);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    System.err.println("test database " + name + " left behind: " + last.getMessage());
  }
}
