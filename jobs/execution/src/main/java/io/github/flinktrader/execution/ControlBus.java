package io.github.flinktrader.execution;

import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.serde.Json;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends commands to the trading control bus ({@code trading.control}): the kill switch, resets and
 * manual halts. A command is refused here when it is malformed, so a typo never reaches the job.
 */
public final class ControlBus {

  private ControlBus() {}

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
          .get(30, TimeUnit.SECONDS);
    }
  }
}
