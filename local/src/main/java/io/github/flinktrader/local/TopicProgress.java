package io.github.flinktrader.local;

import io.github.flinktrader.flink.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** How far each stage has got, read from the committed end of its output topic. */
final class TopicProgress implements AutoCloseable {

  private static final List<String> STAGES =
      List.of(
          Topics.BARS_1M,
          Topics.FEATURES,
          Topics.FORECASTS,
          Topics.ORDERS,
          Topics.FILLS,
          Topics.DEAD_LETTERS);

  /** Committed end offsets per topic (they count records plus transaction markers). */
  record Snapshot(Map<String, Long> offsets) {
    String line() {
      StringBuilder b = new StringBuilder();
      for (String t : STAGES) {
        if (b.length() > 0) {
          b.append(" | ");
        }
        b.append(t).append(' ').append(String.format("%,d", offsets.getOrDefault(t, 0L)));
      }
      return b.append("  (topic offsets)").toString();
    }
  }

  private final Admin admin;

  TopicProgress(String bootstrapServers) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    admin = Admin.create(p);
  }

  Snapshot snapshot() throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (String t : STAGES) {
      request.put(new TopicPartition(t, 0), OffsetSpec.latest());
    }
    var result =
        admin
            .listOffsets(
                request,
                new org.apache.kafka.clients.admin.ListOffsetsOptions(
                    IsolationLevel.READ_COMMITTED))
            .all()
            .get(30, TimeUnit.SECONDS);
    Map<String, Long> offsets = new HashMap<>();
    result.forEach((tp, info) -> offsets.merge(tp.topic(), info.offset(), Long::sum));
    return new Snapshot(offsets);
  }

  @Override
  public void close() {
    admin.close();
  }
}
