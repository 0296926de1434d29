package io.github.flinktrader.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the versioned schema in {@code db/migration}. The schema uses TimescaleDB hypertables,
 * continuous aggregates, compression and retention where the extension and its licence allow, and
 * native PostgreSQL equivalents otherwise.
 */
public final class Migrations {

  private Migrations() {}

  public static MigrateResult apply(DbSettings db) {
    return Flyway.configure()
        .dataSource(db.url(), db.user(), db.password())
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }
}
