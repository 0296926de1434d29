package io.github.flinktrader.db;

import io.github.flinktrader.records.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;

/** {@code dead_letters}: every refused input with its reason, keyed by a digest of its origin. */
public final class DeadLettersTable implements Table<DeadLetter> {

  private static final long serialVersionUID = 1L;

  @Override
  public String upsertSql() {
    return """
        INSERT INTO dead_letters (id, stage, source_topic, source_partition, source_offset,
                                  event_time, reason, detail, payload)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO NOTHING""";
  }

  @Override
  public void bind(PreparedStatement ps, DeadLetter d) throws SQLException {
    ps.setString(1, id(d));
    ps.setString(2, d.stage());
    ps.setString(3, d.sourceTopic());
    ps.setInt(4, d.partition());
    ps.setLong(5, d.offset());
    Sql.time(ps, 6, d.time());
    ps.setString(7, d.reason());
    ps.setString(8, d.detail());
    ps.setString(9, d.payload());
  }

  static String id(DeadLetter d) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      String origin =
          String.join(
              "|",
              d.stage(),
              String.valueOf(d.sourceTopic()),
              Integer.toString(d.partition()),
              Long.toString(d.offset()),
              Long.toString(d.time()),
              d.reason(),
              String.valueOf(d.payload()));
      return HexFormat.of().formatHex(sha.digest(origin.getBytes(StandardCharsets.UTF_8)), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
