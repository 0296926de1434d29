package io.github.flinktrader.flink;

import java.util.function.BiConsumer;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job configuration every pipeline runs with: RocksDB state, exactly-once checkpoints that
 * survive cancellation (so a job can be upgraded from them), no generated uids and no Kryo
 * fallback, so a missing uid or an unexpected generic type fails at submission instead of breaking
 * a savepoint restore later.
 */
public final class Pipelines {

  /** Fixed forever: changing it makes existing savepoints unrestorable. */
  public static final int MAX_PARALLELISM = 128;

  /** At most this many restarts within {@link #RESTART_INTERVAL}; one more fails the job. */
  public static final int RESTARTS_PER_INTERVAL = 10;

  public static final java.time.Duration RESTART_INTERVAL = java.time.Duration.ofMinutes(10);

  /** The wait before each restart: long enough for a restarted broker or database to come back. */
  public static final java.time.Duration RESTART_DELAY = java.time.Duration.ofSeconds(10);

  private Pipelines() {}

  public static Configuration configuration(JobSettings settings, String jobName) {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.NAME, jobName);
    conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(PipelineOptions.MAX_PARALLELISM, MAX_PARALLELISM);
    // Records are immutable, so chained operators may pass them on without a defensive copy.
    conf.set(PipelineOptions.OBJECT_REUSE, true);
    conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    // Timers on the heap (and in checkpoints): per-bar timers in RocksDB cost a write each.
    conf.setString("state.backend.rocksdb.timer-service.factory", "HEAP");
    // No block compression: the keyed state here is small per key and mostly short-lived (bars
    // wait seconds for the watermark), so compressing it at every flush and compaction and
    // decompressing it on reads bought little disk and cost the features job throughput
    // (docs/benchmarks/README.md, the features job's steps).
    // Files written compressed by an older version stay readable (each block names its codec).
    conf.setString("state.backend.rocksdb.compression.per.level", "NO_COMPRESSION");
    conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, settings.checkpointInterval());
    conf.set(
        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
        settings.checkpointDir() + "/" + jobName.replaceAll("[^A-Za-z0-9_-]", "-"));
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    // Restarts are bounded: a failure that comes back (a record no code path survives, a sink that
    // can never write) fails the job after RESTARTS_PER_INTERVAL restarts within RESTART_INTERVAL,
    // visibly, instead of restarting it forever; a passing outage (broker or database down for a
    // minute) is ridden out. Each restart counts in the job's numRestarts metric (alert rule in
    // deploy/prometheus/alerts.yml).
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "failure-rate");
    conf.setString(
        "restart-strategy.failure-rate.max-failures-per-interval",
        Integer.toString(RESTARTS_PER_INTERVAL));
    conf.setString(
        "restart-strategy.failure-rate.failure-rate-interval", RESTART_INTERVAL.toSeconds() + " s");
    conf.setString("restart-strategy.failure-rate.delay", RESTART_DELAY.toSeconds() + " s");
    return conf;
  }

  /**
   * What every job's {@code main} does: settings from the arguments and environment, the job built
   * on the environment of whatever cluster submitted it, then run.
   */
  public static void run(
      String jobName, String[] args, BiConsumer<StreamExecutionEnvironment, JobSettings> build)
      throws Exception {
    JobSettings settings = JobSettings.fromArgs(args);
    StreamExecutionEnvironment env = environment(settings, jobName);
    build.accept(env, settings);
    env.execute(jobName);
  }

  /** The environment a job's {@code main} runs in: whatever cluster submitted it. */
  public static StreamExecutionEnvironment environment(JobSettings settings, String jobName) {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(configuration(settings, jobName));
    env.setParallelism(settings.parallelism());
    return env;
  }

  /**
   * A local environment for bounded runs of a job's workflow (the workflow tests and the
   * benchmarks): the production configuration ({@link #configuration}: RocksDB, object reuse, no
   * generic types, no generated uids, exactly-once checkpoints) at parallelism 1, without restarts,
   * so a failing run fails at once. Sources and sinks are the caller's; nothing reaches Kafka.
   */
  public static StreamExecutionEnvironment boundedLocal(String jobName) {
    JobSettings settings =
        new JobSettings(
            "localhost:9092",
            null,
            false,
            java.time.Duration.ofSeconds(1),
            "file://" + System.getProperty("java.io.tmpdir") + "/bounded-job-checkpoints",
            1,
            "bounded");
    Configuration conf = configuration(settings, jobName);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    return env;
  }
}
