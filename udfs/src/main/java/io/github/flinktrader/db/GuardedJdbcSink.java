package io.github.flinktrader.db;

import io.github.flinktrader.flink.DeadLetterMetrics;
import io.github.flinktrader.flink.SinkWriterClose;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriter;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Flink's JDBC sink with {@link GuardedConnections}: the same writer, state and committer (so the
 * job graph, its operator uids and its savepoints are those of the plain sink), plus the writer's
 * metric group handed to the connections for the {@code unwritable-row} count.
 */
final class GuardedJdbcSink<T>
    implements Sink<T>, SupportsWriterState<T, JdbcWriterState>, SupportsCommitter<JdbcCommitable> {

  private static final long serialVersionUID = 1L;

  private final JdbcSink<T> delegate;
  private final GuardedConnections connections;

  GuardedJdbcSink(JdbcSink<T> delegate, GuardedConnections connections) {
    this.delegate = delegate;
    this.connections = connections;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    connections.countIn(new DeadLetterMetrics(context.metricGroup()));
    return new QuietClose<>(delegate.createWriter(context));
  }

  @Override
  public StatefulSinkWriter<T, JdbcWriterState> restoreWriter(
      WriterInitContext context, Collection<JdbcWriterState> state) throws IOException {
    connections.countIn(new DeadLetterMetrics(context.metricGroup()));
    return new QuietClose<>(delegate.restoreWriter(context, state));
  }

  /**
   * The JDBC writer, whose {@code close()} never throws while its task is failing or cancelled
   * (after the input ended normally it does: that is data not written). Flink's writer flushes
   * again in {@code close()} and rethrows what failed; when the task is already failing (the
   * database down, a table missing), that second exception escapes the task's failure handler,
   * which Flink treats as fatal for the whole TaskManager: every job on it would lose its slots.
   * What {@code close()} could still flush was never covered by a checkpoint (rows are flushed
   * before every checkpoint and at the end of input), so the restart replays it: the failure is
   * logged, not rethrown.
   */
  static final class QuietClose<T>
      implements StatefulSinkWriter<T, JdbcWriterState>, CommittingSinkWriter<T, JdbcCommitable> {

    private final JdbcWriter<T> writer;

    /**
     * True once the input ended and was flushed (a bounded run's end, a drain): the task is not
     * failing, and close reports what it could not write.
     */
    private boolean drained;

    QuietClose(StatefulSinkWriter<T, JdbcWriterState> writer) {
      this.writer = (JdbcWriter<T>) writer;
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
    public void writeWatermark(org.apache.flink.api.common.eventtime.Watermark watermark)
        throws IOException, InterruptedException {
      writer.writeWatermark(watermark);
    }

    @Override
    public List<JdbcWriterState> snapshotState(long checkpointId) throws IOException {
      return writer.snapshotState(checkpointId);
    }

    @Override
    public Collection<JdbcCommitable> prepareCommit() throws IOException, InterruptedException {
      return writer.prepareCommit();
    }

    @Override
    public void close() throws Exception {
      SinkWriterClose.close(writer, drained, "JDBC");
    }
  }

  @Override
  public SimpleVersionedSerializer<JdbcWriterState> getWriterStateSerializer() {
    return delegate.getWriterStateSerializer();
  }

  @Override
  public Committer<JdbcCommitable> createCommitter(CommitterInitContext context)
      throws IOException {
    return delegate.createCommitter(context);
  }

  @Override
  public SimpleVersionedSerializer<JdbcCommitable> getCommittableSerializer() {
    return delegate.getCommittableSerializer();
  }
}
