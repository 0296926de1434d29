package io.github.flinktrader.execution;

import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.ControlAck;
import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.serde.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends commands to the trading control bus ({@code trading.control}): the kill switch, resets and
 * manual halts, and waits for the execution job's answer on {@code trading.control.acks}. A command
 * is refused here when it is malformed, so a typo never reaches the job; an unreachable broker is
 * reported within {@link #KAFKA_TIMEOUT}.
 */
public final class ControlBus {

  /** How long a send or a metadata lookup may wait for the broker. */
  public static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(5);

  private ControlBus() {}

  /** Kafka could not be reached or refused the command. */
  public static final class Unreachable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Sends {@code c} and waits until Kafka has it (all in-sync replicas). */
  public static RecordMetadata send(String bootstrapServers, ControlCommand c) throws Exception {
    Optional<String> bad = c.violation();
    if (bad.isPresent()) {
      throw new IllegalArgumentException("not sent: " + bad.get());
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(KAFKA_TIMEOUT.toMillis()));
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(KAFKA_TIMEOUT.toMillis()));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(KAFKA_TIMEOUT.toMillis()));
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      return producer
          .send(
              new ProducerRecord<>(
                  Topics.TRADING_CONTROL,
                  null,
                  c.issuedAt(),
                  c.account().getBytes(StandardCharsets.UTF_8),
                  Json.write(c)))
          .get(KAFKA_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | org.apache.kafka.common.errors.TimeoutException e) {
      throw unreachable(bootstrapServers, e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw unreachable(bootstrapServers, e);
    }
  }

  private static Unreachable unreachable(String bootstrapServers, Throwable e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    return new Unreachable(
        "Kafka at "
            + bootstrapServers
            + " did not take the command within "
            + KAFKA_TIMEOUT.toSeconds()
            + " s ("
            + cause.getClass().getSimpleName()
            + "): is the stack running, and is --kafka right?",
        cause);
  }

  /** The command as sent and the execution job's answer, if one came in time. */
  public record Sent(RecordMetadata metadata, Optional<ControlAck> ack) {}

  /**
   * Sends {@code c} and waits up to {@code timeout} for the execution job's {@link ControlAck}. The
   * answer topic is read from its end as it was before sending, so only answers to this command
   * count. No answer means no running execution job has the account (a mistyped {@code --account}?)
   * or the job is not running.
   */
  public static Sent sendAndAwait(String bootstrapServers, ControlCommand c, Duration timeout)
      throws Exception {
    Optional<String> bad = c.violation();
    if (bad.isPresent()) {
      throw new IllegalArgumentException("not sent: " + bad.get());
    }
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(KAFKA_TIMEOUT.toMillis()));
    p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(KAFKA_TIMEOUT.toMillis()));
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<byte[], byte[]> acks = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions;
      try {
        List<PartitionInfo> infos = acks.partitionsFor(Topics.CONTROL_ACKS);
        partitions =
            infos == null
                ? List.of()
                : infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        throw unreachable(bootstrapServers, e);
      }
      if (partitions.isEmpty()) {
        throw new IllegalStateException(
            "topic "
                + Topics.CONTROL_ACKS
                + " does not exist at "
                + bootstrapServers
                + ": no execution job of this release has run there");
      }
      acks.assign(partitions);
      acks.seekToEnd(partitions);
      for (TopicPartition tp : partitions) {
        acks.position(tp); // fixes the start before the command is sent
      }
      RecordMetadata meta = send(bootstrapServers, c);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : acks.poll(Duration.ofMillis(200))) {
          ControlAck ack;
          try {
            ack = Json.read(r.value(), ControlAck.class);
          } catch (java.io.IOException | RuntimeException e) {
            continue; // not an answer this release can read; not ours either
          }
          if (ack.answers(c)) {
            return new Sent(meta, Optional.of(ack));
          }
        }
      }
      return new Sent(meta, Optional.empty());
    }
  }
}
