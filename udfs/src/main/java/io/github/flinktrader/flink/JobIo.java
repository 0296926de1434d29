package io.github.flinktrader.flink;

import io.github.flinktrader.db.DeadLettersTable;
import io.github.flinktrader.db.JdbcSinks;
import io.github.flinktrader.db.Table;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Event;
import io.github.flinktrader.serde.RawRecord;
import java.time.Duration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * How every job reads a topic and writes a stream: the same watermarks, and every output both to
 * its exactly-once topic and to its table, with uids derived from the job and output names.
 */
public final class JobIo {

  /** How far records may arrive out of event-time order at a source. */
  public static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);

  /** A partition without records for this long stops holding the watermark back. */
  public static final Duration IDLENESS = Duration.ofSeconds(30);

  private JobIo() {}

  /**
   * Raw records of {@code topic}, each checked at the source as a record of the topic's type
   * ({@link Topics#recordType}), with watermarks only from the event times of the admitted ones
   * ({@link AdmittedWatermarks}): what is refused is dead-lettered by {@link
   * io.github.flinktrader.serde.ParseEvents} and never moves event time.
   */
  public static DataStream<RawRecord> source(
      StreamExecutionEnvironment env,
      JobSettings settings,
      String jobName,
      String topic,
      String uid) {
    return source(env, settings, jobName, topic, uid, IDLENESS);
  }

  /**
   * As above, for a sparse topic that should stop holding watermarks back after {@code idleness}.
   */
  public static DataStream<RawRecord> source(
      StreamExecutionEnvironment env,
      JobSettings settings,
      String jobName,
      String topic,
      String uid,
      Duration idleness) {
    return env.fromSource(
            KafkaIo.source(settings, topic, jobName, Topics.recordType(topic)),
            AdmittedWatermarks.strategy(OUT_OF_ORDERNESS, idleness),
            topic + " from Kafka")
        .uid(uid);
  }

  /**
   * Writes {@code stream} to {@code topic} (exactly-once) and to {@code table} (idempotent
   * upserts); the sinks' uids are {@code <job>.<output>-kafka-sink} and {@code
   * <job>.<output>-db-sink}. With no database in the settings (Kafka-only runs, such as the
   * benchmarks) only the topic is written.
   */
  public static <T extends Event> void write(
      DataStream<T> stream,
      JobSettings settings,
      String jobName,
      String output,
      String topic,
      Table<T> table) {
    writeTopic(stream, settings, jobName, output, topic);
    writeTable(stream, settings, jobName, output, table);
  }

  /**
   * To the table only (idempotent upserts), for what another topic already carries; nothing without
   * a database in the settings.
   */
  public static <T extends Event> void writeTable(
      DataStream<T> stream, JobSettings settings, String jobName, String output, Table<T> table) {
    if (settings.db() == null) {
      return;
    }
    stream
        .sinkTo(JdbcSinks.upsert(settings.db(), table, jobName + "." + output + "-db-sink"))
        .uid(jobName + "." + output + "-db-sink")
        .name(output + " to database");
  }

  /** To the topic only, exactly once: for records that have no table of their own. */
  public static <T extends Event> void writeTopic(
      DataStream<T> stream, JobSettings settings, String jobName, String output, String topic) {
    stream
        .sinkTo(KafkaIo.<T>sink(settings, topic, jobName, output))
        .uid(jobName + "." + output + "-kafka-sink")
        .name(output + " to Kafka");
  }

  /**
   * To the topic at once, at least once, without transactions ({@link KafkaIo#immediateSink}): for
   * the control bus and its answers, which must be visible within a second and change nothing when
   * applied twice. The sink's uid is {@code <job>.<output>-kafka-sink}.
   */
  public static <T extends Event> void writeImmediately(
      DataStream<T> stream,
      JobSettings settings,
      String jobName,
      String output,
      String topic,
      String description) {
    stream
        .sinkTo(KafkaIo.<T>immediateSink(settings, topic))
        .uid(jobName + "." + output + "-kafka-sink")
        .name(description);
  }

  /** Dead letters to the {@code dlq} topic and the {@code dead_letters} table. */
  public static void writeDeadLetters(
      DataStream<DeadLetter> deadLetters, JobSettings settings, String jobName) {
    write(deadLetters, settings, jobName, "dlq", Topics.DEAD_LETTERS, new DeadLettersTable());
  }
}
