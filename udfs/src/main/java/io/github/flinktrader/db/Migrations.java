package io.github.flinktrader.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned schema in {@code db/migration}. The schema uses TimescaleDB hypertables,
 * continuous aggregates, compression and retention where the extension and its licence allow, and
 * native PostgreSQL equivalents otherwise.
 */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /**
   * Creates the TimescaleDB extension where the server can run it. Done in a connection of its own,
   * because TimescaleDB ends the session (FATAL) when it is installed but not preloaded.
   */
  static boolean tryCreateTimescaleExtension(DbSettings db) {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  public static MigrateResult apply(DbSettings db) {
    boolean timescale = tryCreateTimescaleExtension(db);
    LOG.info("{}: TimescaleDB {}", db, timescale ? "available" : "not available, native storage");
    return Flyway.configure()
        .dataSource(db.url(), db.user(), db.password())
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }
}
