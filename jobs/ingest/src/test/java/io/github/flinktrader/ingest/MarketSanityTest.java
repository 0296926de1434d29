package io.github.flinktrader.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Trade;
import io.github.flinktrader.serde.ParseEvents;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class MarketSanityTest {

  private static final long T0 = 1_385_337_600_000L;

  private static Trade trade(String id, long second, String price, String size) {
    return new Trade(
        "BTCUSD", T0 + second * 1000, new BigDecimal(price), new BigDecimal(size), id, "test");
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Trade, Trade> harness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new MarketSanity(IngestRules.defaults(), "test.sanity")),
        Trade::symbol,
        Types.STRING);
  }

  private static List<String> reasons(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> h) {
    return h.getSideOutput(ParseEvents.DEAD_LETTERS).stream()
        .map(StreamRecord::getValue)
        .map(DeadLetter::reason)
        .toList();
  }

  @Test
  void refusesPrintsFarFromTheMarketAbsurdSizesAndRedeliveries() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement(trade("1", 0, "800", "1"), 0);
      h.processElement(trade("2", 1, "800000000000", "0.0001"), 0); // 10^9 x the price
      h.processElement(trade("3", 2, "0.0000008", "1"), 0);
      h.processElement(trade("4", 3, "801", "100000000"), 0); // 80 billion USD
      h.processElement(trade("1", 4, "800", "1"), 0); // the same venue trade again
      h.processElement(trade("5", 5, "810", "1"), 0);
      assertThat(h.extractOutputValues()).extracting(Trade::tradeId).containsExactly("1", "5");
      assertThat(reasons(h))
          .containsExactly("price-band", "price-band", "size-bound", "duplicate-trade");
    }
  }

  @Test
  void aRealGapIsTakenAfterConfirmingTradesAndSurvivesARestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.setStateBackend(new org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend());
      h.open();
      h.processElement(trade("1", 0, "100", "1"), 0);
      h.processElement(trade("2", 1, "140", "1"), 0); // 40% up: refused, 1 of 3
      snapshot = h.snapshot(1, 1);
    }
    try (var h = harness()) {
      h.setStateBackend(new org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend());
      h.initializeState(snapshot);
      h.open();
      h.processElement(trade("3", 2, "141", "1"), 0); // 2 of 3
      h.processElement(trade("4", 3, "139", "1"), 0); // 3 of 3: the new level
      h.processElement(trade("5", 4, "140.5", "1"), 0);
      h.processElement(trade("2", 5, "140", "1"), 0); // id 2 was seen before the restore
      assertThat(h.extractOutputValues()).extracting(Trade::tradeId).containsExactly("4", "5");
      assertThat(reasons(h)).containsExactly("price-band", "duplicate-trade");
    }
  }

  @Test
  void tradeIdsAreForgottenAfterTheWindow() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement(trade("1", 0, "100", "1"), 0);
      h.processElement(trade("2", 700, "100", "1"), 0); // 11:40 later: prunes id 1
      h.processElement(trade("1", 701, "100", "1"), 0); // an id reused by the venue much later
      assertThat(h.extractOutputValues()).extracting(Trade::tradeId).containsExactly("1", "2", "1");
      assertThat(h.numKeyedStateEntries()).isPositive();
    }
  }
}
