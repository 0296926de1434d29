package io.github.flinktrader.db;

import io.github.flinktrader.flink.DeadLetterMetrics;
import java.io.IOException;
import java.util.Collection;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
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
    return delegate.createWriter(context);
  }

  @Override
  public StatefulSinkWriter<T, JdbcWriterState> restoreWriter(
      WriterInitContext context, Collection<JdbcWriterState> state) throws IOException {
    connections.countIn(new DeadLetterMetrics(context.metricGroup()));
    return delegate.restoreWriter(context, state);
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
