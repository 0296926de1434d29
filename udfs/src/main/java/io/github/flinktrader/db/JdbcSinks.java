package io.github.flinktrader.db;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * Database sinks: at-least-once delivery of idempotent upserts, which gives exactly-once rows. (The
 * XA exactly-once variant fails at end of input on this connector version; see STACK.md.)
 */
public final class JdbcSinks {

  private JdbcSinks() {}

  /**
   * Upserts into {@code table}. A row the database refuses for its content (a constraint, a value
   * out of range) is kept in {@code dead_letters} as {@code unwritable-row} and the sink goes on;
   * any other failure (the database down or unreachable) is retried, then restarts the job from its
   * checkpoint (see {@link RowGuard}).
   */
  public static <T> Sink<T> upsert(DbSettings db, Table<T> table) {
    return upsert(db, table, table.getClass().getSimpleName());
  }

  /** As {@link #upsert(DbSettings, Table)}; {@code stage} names the sink in its dead letters. */
  public static <T> Sink<T> upsert(DbSettings db, Table<T> table, String stage) {
    GuardedConnections connections =
        new GuardedConnections(
            new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                .withUrl(db.url())
                .withDriverName("org.postgresql.Driver")
                .withUsername(db.user())
                .withPassword(db.password())
                .build(),
            stage);
    JdbcSink<T> sink =
        JdbcSink.<T>builder()
            .withQueryStatement(
                table.upsertSql(), (ps, row) -> table.bind(StorableText.statement(ps), row))
            .withExecutionOptions(
                JdbcExecutionOptions.builder()
                    .withBatchSize(1000)
                    .withBatchIntervalMs(200)
                    .withMaxRetries(5)
                    .build())
            .buildAtLeastOnce(connections);
    return new GuardedJdbcSink<>(sink, connections);
  }
}
