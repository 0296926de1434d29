package io.github.flinktrader.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.SocialPost;
import io.github.flinktrader.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rows whose text PostgreSQL refuses as it is (NUL, unpaired surrogates) are written by the sinks'
 * statements, on the real server: one such row must never fail a sink for good.
 */
class StorableTextTest {

  private static TestDatabase db;

  @BeforeAll
  static void create() throws Exception {
    db = TestDatabase.create();
  }

  @AfterAll
  static void drop() throws Exception {
    db.close();
  }

  @Test
  void theServerRefusesNulUnlessTheStatementIsWrapped() throws Exception {
    SocialPost post =
        new SocialPost(
            "t3_nul",
            "reddit",
            "wall\u0000streetbets",
            "a\uD800uthor",
            1_385_337_600_000L,
            "title \u0000 with NUL",
            "body \u0007",
            new String[] {"BTC\u0000USD"});
    try (Connection c = db.settings().connect()) {
      SocialPostsTable table = new SocialPostsTable();
      try (PreparedStatement raw = c.prepareStatement(table.upsertSql())) {
        table.bind(raw, post);
        org.assertj.core.api.Assertions.assertThatThrownBy(raw::executeUpdate)
            .hasMessageContaining("0x00");
      }
    }
    try (Connection c = db.settings().connect()) {
      write(c, new SocialPostsTable(), post);
      write(
          c,
          new DeadLettersTable(),
          new DeadLetter("s", "t", 0, 1, 2, "r", "detail \u0000", "payload \u0000 \uDFFF"));
      write(
          c,
          new ControlCommandsTable(),
          new ControlCommand(
              "paper\u0000", ControlCommand.Kind.KILL, null, 3, 0, "op", "why\u0000"));
    }
    // (The posts table strips control characters from titles itself.)
    assertThat(db.text("select channel || '|' || author || '|' || symbols[1] from social_posts"))
        .isEqualTo("wall\uFFFDstreetbets|a\uFFFDuthor|BTC\uFFFDUSD");
    assertThat(db.text("select detail || '|' || payload from dead_letters"))
        .isEqualTo("detail \uFFFD|payload \uFFFD \uFFFD");
    assertThat(db.count("select count(*) from control_commands")).isEqualTo(1);
  }

  private static <T> void write(Connection c, Table<T> table, T row) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(table.upsertSql())) {
      table.bind(StorableText.statement(ps), row);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }
}
