package io.github.flinktrader.offline.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Trade;
import io.github.flinktrader.serde.Json;
import io.github.flinktrader.serde.WireFormat;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class TradeReplayerTest {

  @Test
  void sendsEveryGoodLineTimestampedAndKeyedAndDeadLettersTheRest() throws Exception {
    String csv =
        String.join(
            "\n",
            "timestamp,price,amount",
            "1385337600,800.010000000000,0.100000000000",
            "1385337613,800.05,0",
            "not,a,number",
            "1385337614,800.05",
            "1385337615,-3,1",
            "",
            "1385337616,801,2");
    MockProducer<byte[], byte[]> producer =
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    List<Long> progress = new ArrayList<>();
    TradeReplayer.Result r =
        new TradeReplayer(producer, "BTCUSD", "test", 0)
            .replay(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), progress::add);
    assertThat(r.sent()).isEqualTo(3);
    assertThat(r.deadLettered()).isEqualTo(3);
    assertThat(progress).endsWith(3L);

    List<ProducerRecord<byte[], byte[]>> trades =
        producer.history().stream().filter(p -> p.topic().equals(Topics.TRADES)).toList();
    assertThat(trades).hasSize(3);
    Trade first = Json.read(trades.get(0).value(), Trade.class);
    assertThat(first.price()).isEqualByComparingTo("800.01");
    assertThat(first.size().toPlainString()).isEqualTo("0.100000000000");
    assertThat(first.tradeId()).isEqualTo("2"); // the line number
    assertThat(trades.get(0).timestamp()).isEqualTo(1_385_337_600_000L);
    assertThat(new String(trades.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("BTCUSD");

    List<DeadLetter> dead = new ArrayList<>();
    for (var p : producer.history()) {
      if (p.topic().equals(Topics.DEAD_LETTERS)) {
        dead.add(WireFormat.read(p.value(), DeadLetter.class));
      }
    }
    assertThat(dead)
        .extracting(DeadLetter::reason)
        .containsExactly("unreadable-line", "unreadable-line", "invalid-trade");
    assertThat(dead).extracting(DeadLetter::offset).containsExactly(4L, 5L, 6L);
    assertThat(dead.get(2).detail()).contains("price must be positive");
  }

  @Test
  void refusesANegativeSpeed() {
    assertThatThrownBy(() -> new TradeReplayer(null, "X", "t", -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
