package io.github.flinktrader.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.db.JdbcSinks;
import io.github.flinktrader.db.Table;
import io.github.flinktrader.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The jobs' JDBC sink in a real Flink job against the real server: rows the database refuses for
 * their content are dead letters, the other rows are written and the job finishes without a
 * failure, instead of retrying the same batch until the job restarts forever.
 */
class GuardedJdbcSinkTest {

  /** {@code probe}: a table whose check constraint refuses a negative value. */
  static final class ProbeTable implements Table<Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public String upsertSql() {
      return "insert into probe (id, v) values (?, ?) on conflict (id) do update set v = excluded.v";
    }

    @Override
    public void bind(PreparedStatement ps, Long id) throws SQLException {
      ps.setLong(1, Math.abs(id));
      ps.setLong(2, id);
    }
  }

  @Test
  void refusedRowsAreDeadLettersAndTheJobFinishes() throws Exception {
    try (TestDatabase db = TestDatabase.create()) {
      try (Connection c = db.settings().connect();
          Statement s = c.createStatement()) {
        s.execute("create table probe (id bigint primary key, v bigint not null check (v > 0))");
      }
      List<Long> ids = new ArrayList<>();
      for (long i = 1; i <= 2_500; i++) {
        ids.add(i % 1_000 == 0 ? -i : i); // two rows the check refuses, in different batches
      }
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(1);
      env.fromData(ids)
          .sinkTo(JdbcSinks.upsert(db.settings(), new ProbeTable(), "test.probe-db-sink"))
          .uid("test.probe-db-sink");
      JobClient job = env.executeAsync("guarded sink");
      job.getJobExecutionResult().get();
      assertThat(db.count("select count(*) from probe")).isEqualTo(2_498);
      assertThat(
              db.count(
                  "select count(*) from dead_letters where reason = 'unwritable-row'"
                      + " and stage = 'test.probe-db-sink' and detail like '%SQLState 23514%'"))
          .isEqualTo(2);
      assertThat(db.text("select string_agg(payload, ' ' order by payload) from dead_letters"))
          .isEqualTo("[1000, -1000] [2000, -2000]");
    }
  }
}
