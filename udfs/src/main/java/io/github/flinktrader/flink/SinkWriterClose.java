package io.github.flinktrader.flink;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the jobs' sink writers close. Flink's JDBC and Kafka writers flush again in {@code close()}
 * and rethrow what failed; when the task is already failing, that exception escapes the task's
 * failure handler, which Flink treats as fatal for the whole TaskManager (every job on it loses its
 * slots). A writer of a failing or cancelled task therefore logs the failure: what it had not
 * written or committed is replayed from the last checkpoint. Once the input ended and was flushed
 * (a bounded run's end, a drain) the task is not failing, and a failure in {@code close()} is data
 * not written: it is thrown.
 */
public final class SinkWriterClose {

  private static final Logger LOG = LoggerFactory.getLogger(SinkWriterClose.class);

  private SinkWriterClose() {}

  /**
   * Closes {@code writer}; {@code drained} tells whether its input ended and was flushed, {@code
   * what} names it in the log.
   */
  public static void close(AutoCloseable writer, boolean drained, String what) throws Exception {
    try {
      writer.close();
    } catch (Exception e) {
      if (drained) {
        throw e;
      }
      LOG.warn(
          "closing the {} writer of a failing or cancelled task failed; what it had not written"
              + " is replayed from the last checkpoint: {}",
          what,
          e.toString());
    }
  }
}
