package io.github.flinktrader.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.testing.LocalKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Takes the savepoint of a release that {@link SavepointUpgradeTest} restores into every later
 * build: runs {@link UpgradeScenario} up to its upgrade point and stops the job with a canonical
 * savepoint into {@code savepoints/<release>/}. A tool, not part of the suite: run once per
 * release, on the release's commit, with
 *
 * <pre>
 * mvn -pl jobs/execution test -Dtest=TakeExecutionSavepoint -Dsavepoint.release=execution-X.Y.Z-COMMIT
 * </pre>
 *
 * and add the release's folder to {@link UpgradeScenario#RELEASES}.
 */
@EnabledIfSystemProperty(named = "savepoint.release", matches = ".+")
class TakeExecutionSavepoint {

  @Test
  void takeTheReleasesSavepoint() throws Exception {
    Path target = UpgradeScenario.savepoints().resolve(System.getProperty("savepoint.release"));
    assertThat(target).doesNotExist();
    Files.createDirectories(target);
    try (LocalKafka kafka = LocalKafka.start()) {
      JobClient job = UpgradeScenario.start(kafka, null);
      UpgradeScenario.Outputs before = UpgradeScenario.upToTheUpgradePoint(kafka);
      assertThat(before.orders()).isNotEmpty();
      assertThat(before.positions()).isNotEmpty();
      String path =
          job.stopWithSavepoint(false, target.toUri().toString(), SavepointFormatType.CANONICAL)
              .get();
      System.out.println("savepoint: " + path);
    }
  }
}
