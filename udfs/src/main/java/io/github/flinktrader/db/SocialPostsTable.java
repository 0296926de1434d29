package io.github.flinktrader.db;

import io.github.flinktrader.records.SocialPost;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** {@code social_posts}: one row per post or comment. */
public final class SocialPostsTable implements Table<SocialPost> {

  private static final long serialVersionUID = 1L;

  @Override
  public String upsertSql() {
    return """
        INSERT INTO social_posts (id, source, channel, author, created_at, title, body, symbols)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id, created_at) DO UPDATE SET
          title = EXCLUDED.title, body = EXCLUDED.body, symbols = EXCLUDED.symbols""";
  }

  @Override
  public void bind(PreparedStatement ps, SocialPost p) throws SQLException {
    ps.setString(1, p.id());
    ps.setString(2, p.source());
    ps.setString(3, p.channel());
    ps.setString(4, p.author());
    Sql.time(ps, 5, p.createdAt());
    ps.setString(6, text(p.title()));
    ps.setString(7, text(p.body()));
    ps.setArray(8, ps.getConnection().createArrayOf("text", p.symbols()));
  }

  /** PostgreSQL text cannot hold NUL characters, which user text occasionally has. */
  private static String text(String s) {
    return s == null ? null : s.replace("\u0000", "");
  }
}
