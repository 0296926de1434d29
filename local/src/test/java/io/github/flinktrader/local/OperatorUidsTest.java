package io.github.flinktrader.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.db.DbSettings;
import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.ingest.BackfillJob;
import io.github.flinktrader.ingest.IngestJob;
import io.github.flinktrader.ingest.IngestSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * Savepoints restore by operator uid. Every operator of every job must have one, and the uids of a
 * release must not change: this test compares them with {@code released-uids.txt}. Adding an
 * operator means adding its uid there; renaming or removing one breaks restores from savepoints.
 */
class OperatorUidsTest {

  @Test
  void everyOperatorHasAUidAndReleasedUidsAreUnchanged() throws Exception {
    JobSettings settings =
        new JobSettings(
            "localhost:9092",
            new DbSettings("jdbc:postgresql://127.0.0.1:5432/x", "u", ""),
            false,
            Duration.ofSeconds(5),
            "file:///tmp/x",
            1,
            "uids");
    List<String> actual = new ArrayList<>();
    List<PipelineJobs.Job> jobs = new ArrayList<>(PipelineJobs.ALL);
    // The ingest job with every live connector switched on, and the backfill job.
    jobs.add(
        new PipelineJobs.Job(
            "ingest+connectors",
            (env, s) ->
                IngestJob.build(
                    env,
                    s,
                    IngestSources.fromArgs(
                        new String[] {
                          "--polygon-channels", "AM.AAPL", "--reddit-subreddits", "stocks"
                        }))));
    jobs.add(
        new PipelineJobs.Job(
            BackfillJob.NAME,
            (env, s) ->
                BackfillJob.build(
                    env,
                    s,
                    BackfillJob.fromArgs(
                        new String[] {
                          "--tickers", "AAPL", "--from", "2024-01-02", "--to", "2024-01-03"
                        }))));
    // The inference job with its sentiment branch (the demo's and the deployment's default).
    jobs.add(
        new PipelineJobs.Job(
            "inference+sentiment",
            (env, s) ->
                io.github.flinktrader.inference.InferenceJob.build(
                    env,
                    s,
                    io.github.flinktrader.inference.InferenceJob.Options.defaults()
                        .withSentiment(new UnusedSentiment()))));
    // The execution job with the Alpaca broker in place of the simulated one.
    jobs.add(
        new PipelineJobs.Job(
            "execution+alpaca",
            (env, s) ->
                io.github.flinktrader.execution.ExecutionJob.build(
                    env,
                    s,
                    io.github.flinktrader.execution.ExecutionJob.Setup.fromArgs(
                        org.apache.flink.util.ParameterTool.fromArgs(
                            new String[] {
                              "--broker", "alpaca", "--alpaca-url", "http://127.0.0.1:1"
                            })))));
    for (PipelineJobs.Job job : jobs) {
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.getExecutionEnvironment(
              Pipelines.configuration(settings, job.name()));
      job.builder().accept(env, settings);
      StreamGraph graph = env.getStreamGraph();
      TreeSet<String> uids = new TreeSet<>();
      for (StreamNode node : graph.getStreamNodes()) {
        String uid = node.getTransformationUID();
        assertThat(uid)
            .as("operator '%s' of job %s has no uid", node.getOperatorName(), job.name())
            .isNotNull();
        assertThat(uids.add(uid)).as("duplicate uid %s", uid).isTrue();
      }
      for (String uid : uids) {
        actual.add(job.name() + " " + uid);
      }
    }
    // What this build has, for whoever must update released-uids.txt after adding an operator.
    Files.write(Path.of("target/actual-uids.txt"), actual);
    List<String> released =
        Files.readAllLines(Path.of("src/test/resources/released-uids.txt")).stream()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .toList();
    assertThat(actual).containsAll(released);
    assertThat(actual).hasSameSizeAs(released);
  }

  /** Only names a sentiment model: building the graph never creates one. */
  record UnusedSentiment()
      implements io.github.flinktrader.inference.sentiment.SentimentModel.Factory {
    @Override
    public io.github.flinktrader.inference.sentiment.SentimentModel create(String device) {
      throw new UnsupportedOperationException("not created when building the graph");
    }

    @Override
    public String modelVersion() {
      return "sentiment-test/v1";
    }
  }
}
