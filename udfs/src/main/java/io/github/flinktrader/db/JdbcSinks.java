package io.github.flinktrader.db;

import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * Database sinks: at-least-once delivery of idempotent upserts, which gives exactly-once rows. (The
 * XA exactly-once variant fails at end of input on this connector version; see STACK.md.)
 */
public final class JdbcSinks {

  private JdbcSinks() {}

  public static <T> JdbcSink<T> upsert(DbSettings db, Table<T> table) {
    return JdbcSink.<T>builder()
        .withQueryStatement(
            table.upsertSql(), (ps, row) -> table.bind(StorableText.statement(ps), row))
        .withExecutionOptions(
            JdbcExecutionOptions.builder()
                .withBatchSize(1000)
                .withBatchIntervalMs(200)
                .withMaxRetries(5)
                .build())
        .buildAtLeastOnce(
            new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                .withUrl(db.url())
                .withDriverName("org.postgresql.Driver")
                .withUsername(db.user())
                .withPassword(db.password())
                .build());
  }
}
