package io.github.flinktrader.local;

import io.github.flinktrader.execution.ExecutionJob;
import io.github.flinktrader.features.job.FeaturesJob;
import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.inference.InferenceJob;
import io.github.flinktrader.ingest.IngestJob;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The four jobs of the pipeline, in data-flow order, each as the same builder its main() uses. */
public final class PipelineJobs {

  /** One job: its name and the method that builds it on an environment. */
  public record Job(String name, BiConsumer<StreamExecutionEnvironment, JobSettings> builder) {}

  public static final List<Job> ALL =
      List.of(
          new Job(IngestJob.NAME, IngestJob::build),
          new Job(FeaturesJob.NAME, FeaturesJob::build),
          new Job(InferenceJob.NAME, InferenceJob::build),
          new Job(ExecutionJob.NAME, ExecutionJob::build));

  private PipelineJobs() {}
}
