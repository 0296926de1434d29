package io.github.flinktrader.offline.tft;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * {@code model_registry}: what each trained version is (its card, the range it was trained on, the
 * revision that trained it) and whether it is approved for serving. The artifacts themselves live
 * in the registry directory; registering a version again updates its card and approval.
 */
public final class ModelRegistryTable {

  static final String UPSERT =
      """
      INSERT INTO model_registry (model, version, path, feature_spec_version, trained_from,
                                  trained_to, git_revision, card, approved)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
      ON CONFLICT (model, version) DO UPDATE SET card = EXCLUDED.card, approved = EXCLUDED.approved""";

  static final String APPROVE =
      "UPDATE model_registry SET approved = true WHERE model = ? AND version = ?";

  /**
   * One version.
   *
   * @param trainedFrom first decision time trained on, epoch milliseconds
   * @param trainedTo end of the training range (the validation range's start), epoch milliseconds
   * @param card the model card as JSON
   */
  public record Version(
      String model,
      String version,
      String path,
      String featureSpecVersion,
      long trainedFrom,
      long trainedTo,
      String gitRevision,
      String card,
      boolean approved) {}

  private ModelRegistryTable() {}

  /** Registers {@code v}, or updates its card and approval when it is registered already. */
  public static void register(Connection c, Version v) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
      ps.setString(1, v.model());
      ps.setString(2, v.version());
      ps.setString(3, v.path());
      ps.setString(4, v.featureSpecVersion());
      ps.setTimestamp(5, new Timestamp(v.trainedFrom()));
      ps.setTimestamp(6, new Timestamp(v.trainedTo()));
      ps.setString(7, v.gitRevision());
      ps.setString(8, v.card());
      ps.setBoolean(9, v.approved());
      ps.executeUpdate();
    }
  }

  /** Marks a registered version approved for serving; false when no such version is registered. */
  public static boolean approve(Connection c, String model, String version) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(APPROVE)) {
      ps.setString(1, model);
      ps.setString(2, version);
      return ps.executeUpdate() == 1;
    }
  }
}
