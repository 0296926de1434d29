package io.github.flinktrader.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink;
import org.junit.jupiter.api.Test;

/**
 * The Kafka writer's close: a failure while the task is failing or cancelled is logged (thrown, it
 * would be fatal for the TaskManager); after the input ended and was flushed it is thrown (it is
 * data not written). Everything else reaches the delegate unchanged.
 */
class QuietCloseKafkaSinkTest {

  /** A writer that records what reaches it and fails its close like Flink's on a send error. */
  static final class FailingClose
      implements TwoPhaseCommittingStatefulSink.PrecommittingStatefulSinkWriter<
          String, KafkaWriterState, KafkaCommittable> {
    final List<String> calls = new ArrayList<>();

    @Override
    public void write(String element, Context context) {
      calls.add("write " + element);
    }

    @Override
    public void flush(boolean endOfInput) {
      calls.add("flush " + endOfInput);
    }

    @Override
    public List<KafkaWriterState> snapshotState(long checkpointId) {
      calls.add("snapshot " + checkpointId);
      return List.of();
    }

    @Override
    public Collection<KafkaCommittable> prepareCommit() {
      calls.add("prepareCommit");
      return List.of();
    }

    @Override
    public void close() {
      calls.add("close");
      throw new IllegalStateException("send refused: RecordTooLargeException");
    }
  }

  @Test
  void aFailingOrCancelledTaskClosesQuietly() throws Exception {
    FailingClose delegate = new FailingClose();
    var writer = new QuietCloseKafkaSink.Writer<>(delegate);
    writer.write("a", null);
    writer.flush(false);
    writer.snapshotState(7);
    writer.prepareCommit();
    assertThatCode(writer::close).doesNotThrowAnyException();
    assertThat(delegate.calls)
        .containsExactly("write a", "flush false", "snapshot 7", "prepareCommit", "close");
  }

  @Test
  void afterTheInputEndedACloseFailureIsThrown() throws Exception {
    FailingClose delegate = new FailingClose();
    var writer = new QuietCloseKafkaSink.Writer<>(delegate);
    writer.write("a", null);
    writer.flush(true);
    assertThatThrownBy(writer::close).hasMessageContaining("RecordTooLarge");
  }
}
