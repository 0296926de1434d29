package io.github.flinktrader.execution;

import io.github.flinktrader.records.Event;
import io.github.flinktrader.serde.Json;
import io.github.flinktrader.serde.WireFormat;
import io.github.flinktrader.testing.LocalKafka;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** What the tests that run the execution job against a real Kafka broker share. */
public final class KafkaJobTesting {

  private KafkaJobTesting() {}

  public static KafkaProducer<byte[], byte[]> producer(LocalKafka kafka) {
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    return new KafkaProducer<>(props);
  }

  /** Sends {@code e} as the jobs' producers do: keyed, stamped with its event time. */
  public static void send(KafkaProducer<byte[], byte[]> p, String topic, Event e) {
    p.send(
        new ProducerRecord<>(
            topic, null, e.eventTime(), e.key().getBytes(StandardCharsets.UTF_8), Json.write(e)));
  }

  /** Every record of {@code topic} with the given isolation, parsed. */
  public static <T> List<T> read(LocalKafka kafka, String topic, String isolation, Class<T> type) {
    return kafka.read(topic, isolation).stream()
        .map(
            r -> {
              try {
                return WireFormat.read(r.value(), type);
              } catch (Exception e) {
                throw new IllegalStateException("unreadable record on " + topic, e);
              }
            })
        .toList();
  }

  /** Every committed record of {@code topic}, parsed. */
  public static <T> List<T> read(LocalKafka kafka, String topic, Class<T> type) {
    return read(kafka, topic, "read_committed", type);
  }

  /** Polls {@code probe} until {@code done} holds, for at most 90 seconds. */
  public static <T> T waitFor(Supplier<T> probe, Predicate<T> done, String what)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 90_000;
    while (true) {
      T v = probe.get();
      if (done.test(v)) {
        return v;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; last: " + v);
      }
      Thread.sleep(200);
    }
  }
}
