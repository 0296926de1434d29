package io.github.flinktrader.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.serde.ParseEvents;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The price band on a connector's bars, per symbol, across a snapshot and restore. */
class BarSanityTest {

  private static final long T0 = 1_385_337_600_000L;

  private static MinuteBar bar(String symbol, int minute, String low, String high, String close) {
    long start = T0 + minute * 60_000L;
    BigDecimal c = new BigDecimal(close);
    return new MinuteBar(
        symbol,
        start,
        start + 60_000,
        c,
        new BigDecimal(high),
        new BigDecimal(low),
        c,
        BigDecimal.ONE,
        c,
        3);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, MinuteBar, MinuteBar> harness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new BarSanity(IngestRules.defaults(), "test.bar-sanity")),
        MinuteBar::symbol,
        Types.STRING);
  }

  @Test
  void aBarWithAPriceFarFromTheLastCloseIsRefusedAndAConfirmedMoveIsTaken() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.open();
      h.processElement(new StreamRecord<>(bar("AAPL", 0, "99", "101", "100")));
      // A high a billion times the market: refused, even though the close is fine.
      h.processElement(new StreamRecord<>(bar("AAPL", 1, "99", "1e11", "100")));
      // Another symbol has its own reference.
      h.processElement(new StreamRecord<>(bar("MSFT", 1, "399", "401", "400")));
      h.processElement(new StreamRecord<>(bar("AAPL", 2, "99.5", "100.5", "100.2")));
      snapshot = h.snapshot(1, 1);
    }
    try (var h = harness()) {
      h.initializeState(snapshot);
      h.open();
      // A real 40% gap: two refused, the third that agrees is taken and becomes the reference.
      h.processElement(new StreamRecord<>(bar("AAPL", 3, "139", "141", "140")));
      h.processElement(new StreamRecord<>(bar("AAPL", 4, "139", "141", "140.5")));
      h.processElement(new StreamRecord<>(bar("AAPL", 5, "139", "141", "140.2")));
      h.processElement(new StreamRecord<>(bar("AAPL", 6, "139", "141", "140.1")));
      List<String> passed =
          h.extractOutputValues().stream().map(b -> b.symbol() + "@" + b.close()).toList();
      assertThat(passed).containsExactly("AAPL@140.2", "AAPL@140.1");
      List<DeadLetter> dead =
          h.getSideOutput(ParseEvents.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
      assertThat(dead).extracting(DeadLetter::reason).containsExactly("price-band", "price-band");
      assertThat(dead.get(0).detail()).contains("from the last good price 100.2");
    }
  }
}
