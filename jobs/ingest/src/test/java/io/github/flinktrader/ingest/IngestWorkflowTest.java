package io.github.flinktrader.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.serde.RawRecord;
import io.github.flinktrader.testing.BoundedJobs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The ingest topology on bounded input in a real local Flink cluster. */
class IngestWorkflowTest {

  private static final long T0 = 1_385_337_600_000L;

  @Test
  void aggregatesTradesIntoEventTimeMinuteBarsAndDeadLettersLateAndBadOnes() throws Exception {
    List<RawRecord> input = new ArrayList<>();
    input.add(trade(0, T0 + 1_000, "800.00", "1"));
    input.add(trade(1, T0 + 59_999, "802.50", "0.5"));
    input.add(trade(2, T0 + 30_000, "799.00", "2")); // out of order within the minute
    input.add(trade(3, T0 + 61_000, "805", "1"));
    input.add(raw(4, T0 + 62_000, "{garbage"));
    input.add(trade(5, T0 + 185_000, "810", "0")); // zero-size print: sets the price only
    input.add(trade(6, T0 + 10_000, "700", "1")); // minute 0, but minute 3 has been seen: late
    input.add(trade(7, T0 + 186_000, "811", "1"));

    StreamExecutionEnvironment env = BoundedJobs.environment(IngestJob.NAME);
    DataStream<RawRecord> raw = BoundedJobs.source(env, input, "test-source");
    IngestJob.Outputs out = IngestJob.defineWorkflow(raw);
    var bars = out.bars().collectAsync();
    var dead = out.deadLetters().collectAsync();
    env.execute("ingest-test");

    List<MinuteBar> barList = new ArrayList<>();
    bars.forEachRemaining(barList::add);
    List<DeadLetter> deadList = new ArrayList<>();
    dead.forEachRemaining(deadList::add);

    assertThat(barList).hasSize(3);
    MinuteBar m0 = barList.get(0);
    assertThat(m0.start()).isEqualTo(T0);
    assertThat(m0.end()).isEqualTo(T0 + 60_000);
    assertThat(m0.open()).isEqualByComparingTo("800.00");
    assertThat(m0.close()).isEqualByComparingTo("802.50"); // latest event time, not last arrival
    assertThat(m0.high()).isEqualByComparingTo("802.50");
    assertThat(m0.low()).isEqualByComparingTo("799.00");
    assertThat(m0.volume()).isEqualByComparingTo("3.5");
    assertThat(m0.trades()).isEqualTo(3);
    // VWAP = (800 + 401.25 + 1598) / 3.5
    assertThat(m0.vwap()).isEqualByComparingTo("799.785714285714286"); // 18 significant digits
    MinuteBar m3 = barList.get(2);
    assertThat(m3.start()).isEqualTo(T0 + 180_000);
    assertThat(m3.open()).isEqualByComparingTo("810");
    assertThat(m3.volume()).isEqualByComparingTo("1");
    assertThat(m3.vwap()).isEqualByComparingTo("811");

    assertThat(deadList)
        .extracting(DeadLetter::reason)
        .containsExactlyInAnyOrder("malformed-json", "late-trade");
    assertThat(deadList)
        .filteredOn(d -> d.reason().equals("late-trade"))
        .singleElement()
        .satisfies(d -> assertThat(d.payload()).contains("\"price\":700"));
  }

  private static RawRecord trade(long offset, long ts, String price, String size) {
    return raw(
        offset,
        ts,
        "{\"symbol\":\"BTCUSD\",\"timestamp\":"
            + ts
            + ",\"price\":"
            + price
            + ",\"size\":"
            + size
            + ",\"tradeId\":\""
            + offset
            + "\",\"source\":\"test\"}");
  }

  private static RawRecord raw(long offset, long ts, String json) {
    return new RawRecord("market.trades", 0, offset, ts, json.getBytes(StandardCharsets.UTF_8));
  }
}
