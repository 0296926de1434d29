package io.github.flinktrader.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.Trade;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ParseEventsTest {

  private static final String GOOD =
      "{\"symbol\":\"BTCUSD\",\"timestamp\":1385337601000,\"price\":784.12,"
          + "\"size\":0.00010000,\"tradeId\":\"1\",\"source\":\"t\"}";

  @Test
  void parsesGoodRecordsAndDeadLettersEachKindOfBadOne() throws Exception {
    Map<String, String> badToReason =
        Map.ofEntries(
            Map.entry("{oops", "malformed-json"),
            Map.entry("", "empty-payload"),
            Map.entry("null", "null-record"),
            Map.entry("[1,2]", "malformed-json"),
            Map.entry("\u00ff\u00fe", "malformed-json"),
            Map.entry(GOOD.replace("784.12", "-1"), "invalid-trade"),
            Map.entry(GOOD.replace("784.12", "0"), "invalid-trade"),
            Map.entry(GOOD.replace("0.00010000", "-0.1"), "invalid-trade"),
            Map.entry(GOOD.replace("784.12", "\"abc\""), "malformed-json"),
            Map.entry(GOOD.replace("784.12", "NaN"), "malformed-json"),
            Map.entry(GOOD.replace("\"BTCUSD\"", "\"\""), "invalid-trade"),
            Map.entry(GOOD.replace("\"BTCUSD\"", "null"), "invalid-trade"),
            Map.entry(GOOD.replace("1385337601000", "-5"), "invalid-trade"),
            Map.entry(GOOD.replace("1385337601000", "null"), "malformed-json"),
            Map.entry(GOOD.replace(",\"tradeId\":\"1\"", ""), "invalid-trade"),
            Map.entry(
                GOOD.replace("\"source\":\"t\"", "\"source\":\"t\",\"price\":1"), "malformed-json"),
            // Numbers no market has, which no writer could print in plain notation.
            Map.entry(GOOD.replace("784.12", "1e999999999"), "invalid-trade"),
            Map.entry(GOOD.replace("784.12", "1e-999999999"), "invalid-trade"),
            Map.entry(GOOD.replace("784.12", "1e15"), "invalid-trade"),
            Map.entry(GOOD.replace("0.00010000", "9".repeat(40)), "invalid-trade"),
            // Symbols that are no instrument.
            Map.entry(GOOD.replace("BTCUSD", "BTC\\u0000USD"), "invalid-trade"),
            Map.entry(GOOD.replace("BTCUSD", "btcusd"), "invalid-trade"),
            Map.entry(GOOD.replace("BTCUSD", "B".repeat(33)), "invalid-trade"),
            Map.entry(GOOD.replace("BTCUSD", "BTC USD"), "invalid-trade"),
            Map.entry(
                GOOD.replace("\"tradeId\":\"1\"", "\"tradeId\":\"" + "9".repeat(101) + "\""),
                "invalid-trade"),
            // Event times beyond the allowed clock skew (the year 2100).
            Map.entry(GOOD.replace("1385337601000", "4102444800000"), "future-timestamp"),
            Map.entry(GOOD.replace("\"size\"", "\"size\":1,\"size\""), "malformed-json"),
            Map.entry("[".repeat(5_000), "malformed-json"),
            Map.entry("\"a string\"", "malformed-json"),
            Map.entry("42", "malformed-json"));

    try (var harness =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(new ParseEvents<>(Trade.class, "test.parse")))) {
      harness.open();
      long offset = 0;
      harness.processElement(raw(offset++, GOOD), 1);
      for (String bad : badToReason.keySet()) {
        harness.processElement(raw(offset++, bad), 1);
      }
      harness.processElement(raw(offset++, GOOD.replace("\"1\"", "\"2\"")), 1);

      List<Trade> trades = harness.extractOutputValues();
      assertThat(trades).extracting(Trade::tradeId).containsExactly("1", "2");
      assertThat(trades.get(0).price()).isEqualTo(new BigDecimal("784.12"));
      assertThat(trades.get(0).size()).isEqualTo(new BigDecimal("0.00010000"));

      List<DeadLetter> dead =
          harness.getSideOutput(ParseEvents.DEAD_LETTERS).stream()
              .map(StreamRecord::getValue)
              .toList();
      assertThat(dead).hasSize(badToReason.size());
      for (DeadLetter d : dead) {
        assertThat(d.reason()).as(d.payload()).isEqualTo(badToReason.get(d.payload()));
        assertThat(d.stage()).isEqualTo("test.parse");
        assertThat(d.sourceTopic()).isEqualTo("market.trades");
        assertThat(d.detail()).isNotBlank();
      }
    }
  }

  @Test
  void readsBinaryFeatureVectorsAndDeadLettersDamagedOnesAsBase64() throws Exception {
    FeatureVector good =
        new FeatureVector(
            "BTCUSD",
            1_385_337_660_000L,
            "core/1",
            new BigDecimal("784.12"),
            new double[] {1},
            true);
    byte[] binary = WireFormat.write(good);
    byte[] truncated = Arrays.copyOf(binary, binary.length - 1);
    byte[] blankSymbol =
        WireFormat.write(
            new FeatureVector("", good.barEnd(), "core/1", good.close(), good.values(), true));
    try (var harness =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(new ParseEvents<>(FeatureVector.class, "test.parse")))) {
      harness.open();
      harness.processElement(rawBytes(0, binary), 1);
      harness.processElement(rawBytes(1, Json.write(good)), 1);
      harness.processElement(rawBytes(2, truncated), 1);
      harness.processElement(rawBytes(3, blankSymbol), 1);

      assertThat(harness.extractOutputValues()).containsExactly(good, good);
      List<DeadLetter> dead =
          harness.getSideOutput(ParseEvents.DEAD_LETTERS).stream()
              .map(StreamRecord::getValue)
              .toList();
      assertThat(dead)
          .extracting(DeadLetter::reason)
          .containsExactly("malformed-binary", "invalid-featurevector");
      assertThat(dead.get(0).detail()).contains("1 values announced but 7 bytes left");
      assertThat(dead.get(0).payload())
          .isEqualTo("base64:" + Base64.getEncoder().encodeToString(truncated));
      assertThat(dead.get(1).detail()).contains("symbol");
    }
  }

  @Test
  void keepsPayloadsThatAreNotCleanTextAsBase64() throws Exception {
    byte[] withNul = "{\"a\":\"\u0000\"}".getBytes(StandardCharsets.UTF_8);
    byte[] notUtf8 = {'{', (byte) 0xC3, (byte) 0x28, '}'};
    byte[] control = "{\u0007\u001b[31m}".getBytes(StandardCharsets.UTF_8);
    try (var harness =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(new ParseEvents<>(Trade.class, "test.parse")))) {
      harness.open();
      harness.processElement(rawBytes(0, withNul), 1);
      harness.processElement(rawBytes(1, notUtf8), 1);
      harness.processElement(rawBytes(2, control), 1);
      List<DeadLetter> dead =
          harness.getSideOutput(ParseEvents.DEAD_LETTERS).stream()
              .map(StreamRecord::getValue)
              .toList();
      assertThat(dead).hasSize(3);
      List<byte[]> sent = List.of(withNul, notUtf8, control);
      for (int i = 0; i < 3; i++) {
        assertThat(dead.get(i).reason()).isEqualTo("malformed-json");
        assertThat(dead.get(i).payload())
            .isEqualTo("base64:" + Base64.getEncoder().encodeToString(sent.get(i)));
        assertThat(io.github.flinktrader.text.SafeText.isClean(dead.get(i).detail())).isTrue();
      }
    }
  }

  @Test
  void aFutureRecordIsStampedNoLaterThanTheClockInItsDeadLetter() throws Exception {
    long future = System.currentTimeMillis() + 3_600_000L * 24 * 365;
    try (var harness =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(new ParseEvents<>(Trade.class, "test.parse")))) {
      harness.open();
      harness.processElement(
          new RawRecord("market.trades", 0, 0, future, "{x".getBytes(StandardCharsets.UTF_8)), 1);
      DeadLetter d = harness.getSideOutput(ParseEvents.DEAD_LETTERS).peek().getValue();
      assertThat(d.time()).isLessThanOrEqualTo(System.currentTimeMillis());
    }
  }

  @Test
  void truncatesHugePayloadsInTheDeadLetter() throws Exception {
    try (var harness =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(new ParseEvents<>(Trade.class, "test.parse")))) {
      harness.open();
      harness.processElement(raw(0, "x".repeat(100_000)), 1);
      DeadLetter d = harness.getSideOutput(ParseEvents.DEAD_LETTERS).peek().getValue();
      assertThat(d.payload()).hasSize(io.github.flinktrader.records.DeadLetter.MAX_PAYLOAD_CHARS);
      assertThat(d.offset()).isZero();
    }
  }

  private static RawRecord raw(long offset, String payload) {
    return rawBytes(offset, payload.getBytes(StandardCharsets.UTF_8));
  }

  private static RawRecord rawBytes(long offset, byte[] payload) {
    return new RawRecord("market.trades", 0, offset, 1_385_337_601_000L, payload);
  }
}
