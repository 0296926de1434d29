package io.github.flinktrader.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.serde.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class PolygonFlatFileTest {

  // 2024-01-02 14:30 UTC in nanoseconds.
  private static final long T = 1_704_205_800_000_000_000L;

  @Test
  void importsTheWantedTickersAndDeadLettersEveryBadLineWithItsReason() throws Exception {
    String csv =
        String.join(
            "\n",
            PolygonFlatFile.HEADER,
            "AAPL,4930.5,185.64,185.8,185.9,185.6," + T + ",89",
            "AAPL,1200,185.8,185.7,185.85,185.7," + (T + 60_000_000_000L) + ",31",
            "MSFT,100,370,371,372,369," + T + ",5",
            "AAPL,1,185,185,185,185," + T + ",1",
            "AAPL,1,185,185,185",
            "AAPL,x,185,185,185,185," + (T + 120_000_000_000L) + ",1",
            "AAPL,1,185,190,186,184," + (T + 180_000_000_000L) + ",1",
            "AAPL,1,-1,185,185,185," + (T + 240_000_000_000L) + ",1",
            "AAPL,1,185,185,185,185," + (T + 1) + ",1",
            "");
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(csv.getBytes(StandardCharsets.UTF_8));
    }
    MockProducer<byte[], byte[]> producer =
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    PolygonFlatFile.Result r =
        new PolygonFlatFile(producer, Set.of("AAPL")::contains)
            .importGzip(new ByteArrayInputStream(gz.toByteArray()), "2024-01-02.csv.gz");

    assertThat(r.bars()).isEqualTo(2);
    assertThat(r.skipped()).isEqualTo(1);
    assertThat(r.deadLettered()).isEqualTo(6);
    List<MinuteBar> bars = new ArrayList<>();
    List<DeadLetter> dead = new ArrayList<>();
    for (var rec : producer.history()) {
      if (rec.topic().equals(Topics.BARS_1M)) {
        bars.add(Json.read(rec.value(), MinuteBar.class));
        assertThat(rec.timestamp()).isEqualTo(bars.get(bars.size() - 1).eventTime());
      } else {
        dead.add(Json.read(rec.value(), DeadLetter.class));
      }
    }
    MinuteBar first = bars.get(0);
    assertThat(first.symbol()).isEqualTo("AAPL");
    assertThat(first.start()).isEqualTo(T / 1_000_000L);
    assertThat(first.end() - first.start()).isEqualTo(60_000);
    assertThat(first.open()).isEqualByComparingTo("185.64");
    assertThat(first.close()).isEqualByComparingTo("185.8");
    assertThat(first.high()).isEqualByComparingTo("185.9");
    assertThat(first.low()).isEqualByComparingTo("185.6");
    assertThat(first.volume()).isEqualByComparingTo("4930.5"); // fractional volume kept exactly
    assertThat(first.trades()).isEqualTo(89);
    assertThat(dead)
        .extracting(DeadLetter::reason)
        .containsExactly(
            "duplicate-bar",
            "unreadable-line",
            "unreadable-line",
            "invalid-minutebar",
            "invalid-minutebar",
            "unreadable-line");
    assertThat(dead).extracting(DeadLetter::offset).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(dead.get(0).sourceTopic()).isEqualTo("2024-01-02.csv.gz");
  }
}
