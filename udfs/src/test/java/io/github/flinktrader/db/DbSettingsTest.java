package io.github.flinktrader.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DbSettingsTest {

  @Test
  void onlyALoopbackUrlFallsBackToTheLocalDevelopmentPassword() {
    assertThat(DbSettings.from("jdbc:postgresql://db.example:5432/t", null, Map.of()).password())
        .isEmpty();
    assertThat(DbSettings.from(null, null, Map.of()).password())
        .isEqualTo(DbSettings.LOCAL_DEV_PASSWORD);
    assertThat(
            DbSettings.from(
                    "jdbc:postgresql://localhost:5432/t", null, Map.of("TRADING_DB_PASSWORD", "x"))
                .password())
        .isEqualTo("x");
  }
}
