package io.github.flinktrader.offline.tft;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.testing.TestDatabase;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry and evaluation statements against the real schema (PostgreSQL or TimescaleDB). */
class ModelTablesTest {

  private static final long T0 = 1_385_337_600_000L;

  private static ModelEvaluationsTable.Row row(String scored, int horizon, double direction) {
    return new ModelEvaluationsTable.Row(
        "tft",
        "v3",
        T0 + 99,
        scored,
        horizon,
        T0 + 10,
        T0 + 20,
        500,
        0.12,
        0.79,
        1.5,
        2.5,
        direction,
        "{\"scored\":\"" + scored + "\"}");
  }

  @Test
  void aVersionRegistersOnceUpdatesItsCardAndApprovalAndItsEvaluationsAreKept() throws Exception {
    try (TestDatabase db = TestDatabase.create();
        Connection c = db.settings().connect()) {
      ModelRegistryTable.Version v =
          new ModelRegistryTable.Version(
              "tft", "v3", "/registry/tft/v3", "core-2", T0, T0 + 5, "abc", "{\"a\":1}", false);
      ModelRegistryTable.register(c, v);
      ModelRegistryTable.register(
          c,
          new ModelRegistryTable.Version(
              "tft", "v3", "/registry/tft/v3", "core-2", T0, T0 + 5, "abc", "{\"a\":2}", false));
      assertThat(db.count("select count(*) from model_registry")).isEqualTo(1);
      assertThat(db.text("select card->>'a' from model_registry")).isEqualTo("2");
      assertThat(ModelRegistryTable.approve(c, "tft", "v9")).isFalse();
      assertThat(ModelRegistryTable.approve(c, "tft", "v3")).isTrue();
      assertThat(db.count("select count(*) from model_registry where approved")).isEqualTo(1);

      ModelEvaluationsTable.insert(
          c, List.of(row("tft/v3", 60, 0.55), row("persistence", 60, Double.NaN)));
      assertThat(db.count("select count(*) from model_evaluations where samples = 500"))
          .isEqualTo(2);
      assertThat(
              db.count(
                  "select count(*) from model_evaluations where scored = 'persistence'"
                      + " and directional_accuracy is null"))
          .isEqualTo(1);
      assertThat(db.text("select scores->>'scored' from model_evaluations where scored = 'tft/v3'"))
          .isEqualTo("tft/v3");
    }
  }
}
