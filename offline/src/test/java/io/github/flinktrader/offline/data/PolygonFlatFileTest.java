package io.github.flinktrader.offline.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.serde.WireFormat;
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
        bars.add(WireFormat.read(rec.value(), MinuteBar.class));
        assertThat(rec.timestamp()).isEqualTo(bars.get(bars.size() - 1).eventTime());
      } else {
        dead.add(WireFormat.read(rec.value(), DeadLetter.class));
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

  @Test
  void readsBarsForTrainingInferringAFiveMinuteIntervalAndCountingWhatItRefuses() throws Exception {
    long t = 1_704_205_800_000_000_000L; // 2024-01-02 14:30 UTC in nanoseconds
    long five = 300_000_000_000L;
    String csv =
        PolygonFlatFile.HEADER
            + "\nAAPL,1000,185.1,185.3,185.5,185.0,"
            + t
            + ",10\nAAPL,900,185.3,185.2,185.4,185.1,"
            + (t + five)
            + ",9\nAAPL,800,185.2,185.6,185.7,185.2,"
            + (t + 2 * five)
            + ",8\nAAPL,800,185.2,185.6,185.7,185.2,"
            + (t + 2 * five)
            + ",8\nAAPL,1,9,9,1,9,"
            + (t + 4 * five)
            + ",1\nMSFT,1,2,3\nMSFT,500,370.1,370.2,370.3,370.0,"
            + t
            + ",5\n";
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (var out = new java.util.zip.GZIPOutputStream(gz)) {
      out.write(csv.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    PolygonFlatFile.Bars bars =
        PolygonFlatFile.readBars(
            java.util.List.of(new java.io.ByteArrayInputStream(gz.toByteArray())), t2 -> true);

    assertThat(bars.intervalMillis()).isEqualTo(300_000L);
    assertThat(bars.bySymbol().get("AAPL")).hasSize(3);
    MinuteBar first = bars.bySymbol().get("AAPL").get(0);
    assertThat(first.end() - first.start()).isEqualTo(300_000L);
    assertThat(first.close()).isEqualByComparingTo("185.3");
    assertThat(bars.bySymbol().get("MSFT")).hasSize(1);
    assertThat(bars.refusedByReason())
        .containsEntry("duplicate-bar", 1L)
        .containsEntry("invalid-minutebar", 1L)
        .containsEntry("unreadable-line", 1L);
  }
}
