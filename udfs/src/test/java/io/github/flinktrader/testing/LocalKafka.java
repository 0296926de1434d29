package io.github.flinktrader.testing;

import io.github.flinktrader.flink.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real single-node KRaft Kafka broker inside the test JVM. */
public final class LocalKafka implements AutoCloseable {

  private final KafkaClusterTestKit cluster;

  private LocalKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  public static LocalKafka start() throws Exception {
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    LocalKafka kafka = new LocalKafka(cluster);
    kafka.createTopics(Topics.ALL);
    return kafka;
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  public void createTopics(String... topics) throws Exception {
    try (Admin admin = admin()) {
      List<NewTopic> newTopics = new ArrayList<>();
      for (String t : topics) {
        newTopics.add(new NewTopic(t, 1, (short) 1).configs(Topics.config()));
      }
      admin.createTopics(newTopics).all().get();
    }
  }

  public Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return Admin.create(p);
  }

  /** Reads every committed record of a topic, as the downstream jobs would see them. */
  public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
    return read(topic, "read_committed");
  }

  public List<ConsumerRecord<byte[], byte[]>> read(String topic, String isolation) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      var partitions =
          consumer.partitionsFor(topic).stream()
              .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition()))
              .collect(Collectors.toList());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      int emptyPolls = 0;
      while (emptyPolls < 3
          || partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timed out reading " + topic);
        }
        var records = consumer.poll(Duration.ofMillis(200));
        emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
        records.forEach(out::add);
      }
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }

  @Override
  public String toString() {
    return "LocalKafka" + Arrays.asList(bootstrapServers());
  }
}
