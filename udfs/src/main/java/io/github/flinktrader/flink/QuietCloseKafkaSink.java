package io.github.flinktrader.flink;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.lineage.LineageVertex;
import org.apache.flink.streaming.api.lineage.LineageVertexProvider;

/**
 * Flink's Kafka sink whose writer's {@code close()} never throws: the same writer, state, committer
 * and post-commit topology (so the job graph, its uids and its savepoints are those of the plain
 * sink). Flink's writer rethrows a pending asynchronous send error from {@code close()}; when the
 * task is already failing, that exception escapes the task's failure handler, which Flink treats as
 * fatal for the whole TaskManager (every job on it loses its slots). What was not committed is
 * replayed from the last checkpoint, so the error is logged, not rethrown; the failure that made
 * the task fail is reported and restarts the job as before.
 */
final class QuietCloseKafkaSink<T>
    implements TwoPhaseCommittingStatefulSink<T, KafkaWriterState, KafkaCommittable>,
        SupportsPostCommitTopology<KafkaCommittable>,
        LineageVertexProvider {

  private static final long serialVersionUID = 1L;

  private final KafkaSink<T> delegate;

  QuietCloseKafkaSink(KafkaSink<T> delegate) {
    this.delegate = delegate;
  }

  @Override
  public PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> createWriter(
      WriterInitContext context) throws IOException {
    return new Writer<>(delegate.createWriter(context));
  }

  @Override
  public PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> restoreWriter(
      WriterInitContext context, Collection<KafkaWriterState> state) throws IOException {
    return new Writer<>(delegate.restoreWriter(context, state));
  }

  @Override
  public SimpleVersionedSerializer<KafkaWriterState> getWriterStateSerializer() {
    return delegate.getWriterStateSerializer();
  }

  @Override
  public Committer<KafkaCommittable> createCommitter(CommitterInitContext context)
      throws IOException {
    return delegate.createCommitter(context);
  }

  @Override
  public SimpleVersionedSerializer<KafkaCommittable> getCommittableSerializer() {
    return delegate.getCommittableSerializer();
  }

  @Override
  public void addPostCommitTopology(DataStream<CommittableMessage<KafkaCommittable>> committables) {
    delegate.addPostCommitTopology(committables);
  }

  @Override
  public LineageVertex getLineageVertex() {
    return delegate.getLineageVertex();
  }

  /** The delegate's writer, whose {@code close()} logs instead of throwing unless drained. */
  static final class Writer<T>
      implements PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> {

    private final PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> writer;

    /**
     * True once the input ended and was flushed (a bounded run's end, a drain): the task is not
     * failing, and close reports what it could not write.
     */
    private boolean drained;

    Writer(PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> writer) {
      this.writer = writer;
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
      writer.write(element, context);
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
      writer.flush(endOfInput);
      drained |= endOfInput;
    }

    @Override
    public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
      writer.writeWatermark(watermark);
    }

    @Override
    public List<KafkaWriterState> snapshotState(long checkpointId) throws IOException {
      return writer.snapshotState(checkpointId);
    }

    @Override
    public Collection<KafkaCommittable> prepareCommit() throws IOException, InterruptedException {
      return writer.prepareCommit();
    }

    @Override
    public void close() throws Exception {
      SinkWriterClose.close(writer, drained, "Kafka");
    }
  }
}
