package io.github.flinktrader.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.db.DbSettings;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.util.ParameterTool;
import org.junit.jupiter.api.Test;

class JobSettingsTest {

  @Test
  void argumentsWinOverTheEnvironmentAndDefaultsFillTheRest() {
    JobSettings s =
        JobSettings.from(
            ParameterTool.fromArgs(
                new String[] {"--kafka", "k:1", "--bounded", "true", "--parallelism", "3"}),
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                "env:9",
                "TRADING_DB_URL",
                "jdbc:postgresql://db:5432/x"));
    assertThat(s.kafkaBootstrap()).isEqualTo("k:1");
    assertThat(s.bounded()).isTrue();
    assertThat(s.parallelism()).isEqualTo(3);
    assertThat(s.db().url()).isEqualTo("jdbc:postgresql://db:5432/x");
    assertThat(s.checkpointInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(JobSettings.from(ParameterTool.fromArgs(new String[0]), Map.of()).kafkaBootstrap())
        .isEqualTo(JobSettings.DEFAULT_KAFKA);
  }

  @Test
  void theDatabasePasswordComesOnlyFromTheEnvironmentAndIsNeverPrinted() {
    DbSettings remote =
        DbSettings.from(
            "jdbc:postgresql://db.example:5432/t",
            null,
            Map.of("TRADING_DB_PASSWORD", "s3cret-value"));
    assertThat(remote.toString()).doesNotContain("s3cret-value");
    assertThat(
            new JobSettings("k", remote, false, Duration.ofSeconds(1), "file:///c", 1, "r")
                .toString())
        .doesNotContain("s3cret-value");
  }
}
