package io.github.flinktrader.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.serde.Json;
import io.github.flinktrader.testing.LocalKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The features benchmark on a small input: the whole job runs against a real broker, every bar
 * becomes exactly one committed feature vector, and the table and the JSON carry the same figures.
 */
class FeaturesBenchmarkTest {

  @Test
  void everyBarBecomesOneCommittedVectorAndTheFiguresReachTheJson(@TempDir Path dir)
      throws Exception {
    try (LocalKafka kafka = LocalKafka.start()) {
      FeaturesBenchmark.Result r =
          FeaturesBenchmark.run(
              kafka.bootstrapServers(),
              150,
              4,
              1,
              dir.resolve("checkpoints").toAbsolutePath(),
              FeaturesBenchmark.Stage.FULL,
              true);
      assertThat(r.bars()).isEqualTo(600);
      assertThat(r.featuresOut()).isEqualTo(600);
      assertThat(r.jobRate()).isPositive();
      assertThat(r.rawConsumerRate()).isPositive();
      assertThat(r.table())
          .contains("raw consumer, read_committed")
          .contains("raw producers x1")
          .contains("features job full (RocksDB, EO, p=1)")
          .contains("warm-up pass of the job");
      // The measured pass counts its own 600 vectors, not the warm-up pass's 600 before it.
      assertThat(FeaturesBenchmark.countCommitted(kafka.bootstrapServers(), Topics.FEATURES))
          .isEqualTo(1_200);

      Path json = dir.resolve("bench.json");
      FeaturesBenchmark.write(r, json);
      JsonNode j = Json.mapper().readTree(Files.readAllBytes(json));
      assertThat(j.path("bars").asLong()).isEqualTo(600);
      assertThat(j.path("features_out").asLong()).isEqualTo(600);
      assertThat(j.path("job_bars_per_s").asLong()).isEqualTo(Math.round(r.jobRate()));
      assertThat(j.path("raw_consumer_bars_per_s").asLong())
          .isEqualTo(Math.round(r.rawConsumerRate()));
      assertThat(j.path("raw_producer_feature_vectors_per_s").asLong()).isPositive();
      assertThat(j.path("warm_up_job_bars_per_s").asLong()).isPositive();
    }
  }
}
