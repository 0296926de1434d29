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
 * The jobs' database sinks when what they write is refused, in real Flink jobs against the real
 * PostgreSQL server: rows the database refuses for their content are dead letters and the job goes
 * on; a sink that keeps failing fails its own job and never the TaskManager that the other jobs
 * share.
 */
class FailingSinksTest {

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

  /**
   * A sink that keeps failing (its table is gone: not the rows' fault, so thrown, retried and
   * thrown again when the failing task closes the sink) fails its job, and only its job: the
   * TaskManager stays up with its slots, and the next job runs on it.
   */
  @Test
  void aSinkThatKeepsFailingNeverTakesTheTaskManagerDown() throws Exception {
    int rest;
    int metrics;
    try (java.net.ServerSocket a = new java.net.ServerSocket(0);
        java.net.ServerSocket b = new java.net.ServerSocket(0)) {
      rest = a.getLocalPort();
      metrics = b.getLocalPort();
    }
    try (TestDatabase db = TestDatabase.create();
        LocalFlinkCluster flink = new LocalFlinkCluster(rest, metrics, 2)) {
      org.apache.flink.configuration.Configuration conf =
          new org.apache.flink.configuration.Configuration();
      conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY, "none");
      StreamExecutionEnvironment failing =
          StreamExecutionEnvironment.createRemoteEnvironment("127.0.0.1", rest, conf);
      failing.setParallelism(1);
      failing
          .fromData(1L, 2L, 3L)
          .sinkTo(JdbcSinks.upsert(db.settings(), new ProbeTable(), "test.missing-db-sink"))
          .uid("test.missing-db-sink");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> failing.execute("failing sink"))
          .hasStackTraceContaining("probe");

      assertTheTaskManagerServesTheNextJob(flink, rest, conf);
    }
  }

  private static void assertTheTaskManagerServesTheNextJob(
      LocalFlinkCluster flink, int rest, org.apache.flink.configuration.Configuration conf)
      throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    String tms =
        http.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(flink.webUi() + "/taskmanagers"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(tms).contains("\"slotsNumber\":2").contains("\"freeSlots\":2");
    StreamExecutionEnvironment next =
        StreamExecutionEnvironment.createRemoteEnvironment("127.0.0.1", rest, conf);
    next.setParallelism(1);
    List<Long> collected = new ArrayList<>();
    try (var it = next.fromData(4L, 5L, 6L).executeAndCollect("the next job")) {
      it.forEachRemaining(collected::add);
    }
    assertThat(collected).containsExactly(4L, 5L, 6L);
  }
}
