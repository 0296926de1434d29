package io.github.flinktrader.flink;

import io.github.flinktrader.db.DbSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.util.ParameterTool;

/**
 * Settings every job shares, from command-line arguments first, then environment variables, then
 * local defaults. Secrets (the database password) come only from the environment.
 *
 * @param bounded read each input topic up to its end offsets at start, then finish (tests,
 *     backfills)
 * @param runId suffix for consumer groups and transactional ids, so two runs never share them
 */
public record JobSettings(
    String kafkaBootstrap,
    DbSettings db,
    boolean bounded,
    Duration checkpointInterval,
    String checkpointDir,
    int parallelism,
    String runId)
    implements Serializable {

  public static final String DEFAULT_KAFKA = "localhost:9092";

  public static JobSettings fromArgs(String[] args) {
    return from(ParameterTool.fromArgs(args), System.getenv());
  }

  static JobSettings from(ParameterTool params, Map<String, String> env) {
    return new JobSettings(
        params.get("kafka", env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", DEFAULT_KAFKA)),
        DbSettings.from(params.get("db-url", null), params.get("db-user", null), env),
        params.getBoolean("bounded", false),
        Duration.ofMillis(params.getLong("checkpoint-interval-ms", 5_000L)),
        params.get(
            "checkpoint-dir",
            env.getOrDefault("TRADING_CHECKPOINT_DIR", "file:///tmp/flink-trader/checkpoints")),
        params.getInt("parallelism", 1),
        params.get("run-id", "default"));
  }
}
