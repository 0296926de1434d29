package io.github.flinktrader.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.serde.ParseEvents;
import java.math.BigDecimal;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class NewestPerKeyTest {

  private static MinuteBar bar(String symbol, long minute) {
    BigDecimal p = BigDecimal.TEN;
    return new MinuteBar(
        symbol, minute * 60_000, (minute + 1) * 60_000, p, p, p, p, BigDecimal.ONE, p, 1);
  }

  @Test
  void passesOnlyRecordsNewerThanTheNewestOfTheirKey() throws Exception {
    try (var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new NewestPerKey<>(MinuteBar.class, "test.newest", "stale-bar")),
            MinuteBar::symbol,
            Types.STRING)) {
      h.open();
      h.processElement(bar("BTCUSD", 10), 0);
      h.processElement(bar("ETHUSD", 5), 0);
      h.processElement(bar("BTCUSD", 10), 0); // repeated
      h.processElement(bar("BTCUSD", 9), 0); // older
      h.processElement(bar("BTCUSD", 11), 0);
      h.processElement(bar("ETHUSD", 6), 0);

      assertThat(h.extractOutputValues())
          .extracting(b -> b.symbol() + "@" + b.start() / 60_000)
          .containsExactly("BTCUSD@10", "ETHUSD@5", "BTCUSD@11", "ETHUSD@6");
      assertThat(h.getSideOutput(ParseEvents.DEAD_LETTERS))
          .extracting(StreamRecord::getValue)
          .extracting(DeadLetter::reason, DeadLetter::stage)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("stale-bar", "test.newest"),
              org.assertj.core.groups.Tuple.tuple("stale-bar", "test.newest"));
      assertThat(h.numKeyedStateEntries()).isEqualTo(2);
    }
  }
}
