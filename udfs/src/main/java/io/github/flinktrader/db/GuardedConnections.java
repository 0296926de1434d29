package io.github.flinktrader.db;

import io.github.flinktrader.flink.DeadLetterMetrics;
import java.sql.Connection;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.datasource.connections.SimpleJdbcConnectionProvider;

/**
 * The JDBC sinks' connections, wrapped by {@link RowGuard}: a row the database refuses for its
 * content becomes a dead letter instead of failing the sink on every retry. The sink's writer hands
 * its metric group in ({@link #countIn}), so each such row counts in {@code
 * deadLetters.unwritable-row}.
 */
final class GuardedConnections extends SimpleJdbcConnectionProvider {

  private static final long serialVersionUID = 1L;

  private final String stage;
  private transient Connection raw;
  private transient Connection guarded;
  private transient DeadLetterMetrics metrics;

  GuardedConnections(JdbcConnectionOptions options, String stage) {
    super(options);
    this.stage = stage;
  }

  void countIn(DeadLetterMetrics metrics) {
    this.metrics = metrics;
  }

  private Connection guard(Connection c) {
    if (c == null) {
      return null;
    }
    if (c != raw) {
      raw = c;
      guarded =
          RowGuard.connection(
              c,
              stage,
              reason -> {
                if (metrics != null) {
                  metrics.inc(reason);
                }
              });
    }
    return guarded;
  }

  @Override
  public Connection getConnection() {
    return guard(super.getConnection());
  }

  @Override
  public Connection getOrEstablishConnection() throws SQLException, ClassNotFoundException {
    return guard(super.getOrEstablishConnection());
  }

  @Override
  public Connection reestablishConnection() throws SQLException, ClassNotFoundException {
    return guard(super.reestablishConnection());
  }
}
