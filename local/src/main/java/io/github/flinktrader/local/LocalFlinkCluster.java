package io.github.flinktrader.local;

import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.Pipelines;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Flink cluster inside this JVM (one JobManager, one TaskManager) with the web UI and the
 * Prometheus reporter; jobs are submitted to it over its REST API, as to any cluster.
 */
final class LocalFlinkCluster implements AutoCloseable {

  private final MiniCluster cluster;
  private final int restPort;

  LocalFlinkCluster(int restPort, int prometheusPort, int slots) throws Exception {
    this(restPort, prometheusPort, slots, false);
  }

  /**
   * Every listener is bound to 127.0.0.1 (REST and web UI, RPC, BlobServer, Prometheus metrics).
   * Jar upload and the web UI's cancel button are off unless {@code webSubmit}; jobs are still
   * submitted and cancelled through the REST API by whoever reaches the loopback address.
   */
  LocalFlinkCluster(int restPort, int prometheusPort, int slots, boolean webSubmit)
      throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestOptions.PORT, restPort);
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(org.apache.flink.configuration.JobManagerOptions.ADDRESS, "127.0.0.1");
    conf.set(org.apache.flink.configuration.JobManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(TaskManagerOptions.HOST, "127.0.0.1");
    conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(org.apache.flink.configuration.WebOptions.SUBMIT_ENABLE, webSubmit);
    conf.set(org.apache.flink.configuration.WebOptions.CANCEL_ENABLE, webSubmit);
    conf.setString(
        "metrics.reporter.prom.factory.class",
        org.apache.flink.metrics.prometheus.LoopbackPrometheusReporterFactory.class.getName());
    conf.setString("metrics.reporter.prom.host", "127.0.0.1");
    conf.setString("metrics.reporter.prom.port", Integer.toString(prometheusPort));
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(512));
    cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    cluster.start();
    this.restPort = restPort;
  }

  String webUi() {
    return "http://localhost:" + restPort;
  }

  /** Builds one job with the given builder and submits it without waiting for it to finish. */
  JobClient submit(PipelineJobs.Job job, JobSettings settings) throws Exception {
    Configuration conf = Pipelines.configuration(settings, job.name());
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment("127.0.0.1", restPort, conf);
    env.setParallelism(settings.parallelism());
    job.builder().accept(env, settings);
    return env.executeAsync(job.name());
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
