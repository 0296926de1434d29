package io.github.flinktrader.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinktrader.testing.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A batch the real PostgreSQL server refuses for one row's content: the other rows are written, the
 * refused one is an {@code unwritable-row} dead letter with the server's reason, and nothing is
 * thrown; a failure that is not about the row's content is thrown as before.
 */
class RowGuardTest {

  @Test
  void aRowTheDatabaseRefusesBecomesADeadLetterAndTheOthersAreWritten() throws Exception {
    try (TestDatabase db = TestDatabase.create();
        Connection raw = db.settings().connect()) {
      try (Statement s = raw.createStatement()) {
        s.execute("create table probe (id int primary key, v numeric not null check (v > 0))");
      }
      List<String> counted = new ArrayList<>();
      Connection c = RowGuard.connection(raw, "test.probe-db-sink", counted::add);
      try (PreparedStatement ps =
          c.prepareStatement(
              "insert into probe (id, v) values (?, ?) on conflict (id) do update set v ="
                  + " excluded.v")) {
        for (int id = 1; id <= 5; id++) {
          ps.setInt(1, id);
          ps.setBigDecimal(2, new BigDecimal(id == 3 ? "-1" : "1.5"));
          ps.addBatch();
        }
        int[] results = ps.executeBatch();
        assertThat(results).containsExactly(1, 1, Statement.EXECUTE_FAILED, 1, 1);
        // The statement is usable again: the next batch goes through as one.
        ps.setInt(1, 6);
        ps.setBigDecimal(2, BigDecimal.TEN);
        ps.addBatch();
        assertThat(ps.executeBatch()).containsExactly(1);
      }
      assertThat(db.count("select count(*) from probe")).isEqualTo(5);
      assertThat(db.count("select count(*) from probe where id = 3")).isZero();
      assertThat(counted).containsExactly("unwritable-row");
      assertThat(db.count("select count(*) from dead_letters")).isEqualTo(1);
      assertThat(db.text("select stage || ' ' || reason from dead_letters"))
          .isEqualTo("test.probe-db-sink unwritable-row");
      assertThat(db.text("select detail from dead_letters"))
          .startsWith("the database refuses this row (SQLState 23514)")
          .contains("probe_v_check");
      assertThat(db.text("select payload from dead_letters")).isEqualTo("[3, -1]");
    }
  }

  @Test
  void aFailureThatIsNotAboutTheRowIsThrown() throws Exception {
    try (TestDatabase db = TestDatabase.create();
        Connection raw = db.settings().connect()) {
      List<String> counted = new ArrayList<>();
      Connection c = RowGuard.connection(raw, "test", counted::add);
      // No such table: a fault of the job or its schema (SQLState 42P01), never a dead letter.
      PreparedStatement ps = c.prepareStatement("insert into missing_table (id) values (?)");
      ps.setInt(1, 1);
      ps.addBatch();
      assertThatThrownBy(ps::executeBatch).isInstanceOf(SQLException.class);
      assertThat(counted).isEmpty();
      assertThat(db.count("select count(*) from dead_letters")).isZero();
    }
  }

  @Test
  void sqlStatesAreSortedIntoPermanentAndTransient() {
    assertThat(RowGuard.permanent(new SQLException("x", "23505"))).isTrue();
    assertThat(RowGuard.permanent(new SQLException("x", "22003"))).isTrue();
    assertThat(RowGuard.permanent(new SQLException("x", "54000"))).isTrue();
    assertThat(RowGuard.permanent(new SQLException("x", "08006"))).isFalse(); // connection lost
    assertThat(RowGuard.permanent(new SQLException("x", "57P01"))).isFalse(); // admin shutdown
    assertThat(RowGuard.permanent(new SQLException("x", "53300"))).isFalse(); // too many conns
    assertThat(RowGuard.permanent(new SQLException("x", "40001"))).isFalse(); // serialization
    assertThat(RowGuard.permanent(new SQLException("x"))).isFalse();
  }
}
