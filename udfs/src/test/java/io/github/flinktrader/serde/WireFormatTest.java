package io.github.flinktrader.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Trade;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WireFormatTest {

  private static final FeatureVector VECTOR =
      new FeatureVector(
          "BTCUSD",
          1_385_337_660_000L,
          "core/1",
          new BigDecimal("784.12000"),
          new double[] {0.1, Double.NaN, -0.0, Double.POSITIVE_INFINITY, Double.MIN_VALUE, 1e300},
          true);

  @Test
  void featureVectorsAreBinaryAndComeBackBitForBit() throws IOException {
    byte[] payload = WireFormat.write(VECTOR);
    assertThat(payload[0]).isEqualTo(WireFormat.BINARY_MARKER);
    assertThat(payload[1]).isEqualTo(WireFormat.VERSION);
    assertThat(payload[2]).isEqualTo(WireFormat.FEATURE_VECTOR);
    FeatureVector back = WireFormat.read(payload, FeatureVector.class);
    assertThat(back).isEqualTo(VECTOR);
    assertThat(back.close().scale()).isEqualTo(5);
    for (int i = 0; i < VECTOR.values().length; i++) {
      assertThat(Double.doubleToRawLongBits(back.values()[i]))
          .isEqualTo(Double.doubleToRawLongBits(VECTOR.values()[i]));
    }
    assertThat(payload.length).isLessThan(Json.write(VECTOR).length);
  }

  @Test
  void keepsEdgeValues() throws IOException {
    FeatureVector huge =
        new FeatureVector(
            "Ä-ünïcode",
            1,
            "v",
            new BigDecimal("1234567890123456789012345.5"),
            new double[0],
            false);
    assertThat(WireFormat.read(WireFormat.write(huge), FeatureVector.class)).isEqualTo(huge);
    FeatureVector none = new FeatureVector("X", 1, "v", BigDecimal.ONE, null, false);
    FeatureVector back = WireFormat.read(WireFormat.write(none), FeatureVector.class);
    assertThat(back.values()).isNull();
    assertThat(back.violation()).contains("values are missing");
  }

  private static final MinuteBar BAR =
      new MinuteBar(
          "BTCUSD",
          1_385_337_600_000L,
          1_385_337_660_000L,
          new BigDecimal("784.12"),
          new BigDecimal("785.00"),
          new BigDecimal("783.5"),
          new BigDecimal("784.9"),
          new BigDecimal("12.34567890123456789012345"),
          new BigDecimal("784.401"),
          17);

  @Test
  void minuteBarsAreBinaryAndExact() throws IOException {
    byte[] payload = WireFormat.write(BAR);
    assertThat(payload[2]).isEqualTo(WireFormat.MINUTE_BAR);
    MinuteBar back = WireFormat.read(payload, MinuteBar.class);
    assertThat(back).isEqualTo(BAR);
    assertThat(back.high().scale()).isEqualTo(2);
    assertThat(back.volume()).isEqualTo(BAR.volume());
    assertThat(payload.length).isLessThan(Json.write(BAR).length);
    assertThat(WireFormat.read(Json.write(BAR), MinuteBar.class)).isEqualTo(BAR);
    assertThatThrownBy(() -> WireFormat.read(payload, FeatureVector.class))
        .hasMessageContaining("type 'B' where a FeatureVector was expected");
    assertThatThrownBy(() -> WireFormat.read(WireFormat.write(VECTOR), MinuteBar.class))
        .hasMessageContaining("type 'F' where a MinuteBar was expected");
    for (int cut = 1; cut < payload.length; cut++) {
      byte[] truncated = Arrays.copyOf(payload, cut);
      assertThatThrownBy(() -> WireFormat.read(truncated, MinuteBar.class))
          .as("cut at %d", cut)
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void aDamagedLengthIsAnErrorNotAnAllocation() {
    byte[] payload = WireFormat.write(BAR);
    // The volume is the one large decimal: tag 2, scale, length, bytes. Claim 2 GB.
    int at = indexOfLargeDecimal(payload);
    byte[] damaged = payload.clone();
    damaged[at + 5] = 0x7F;
    assertThatThrownBy(() -> WireFormat.read(damaged, MinuteBar.class))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("corrupt decimal: length");
  }

  private static int indexOfLargeDecimal(byte[] payload) {
    // header 3, symbol 2 + 6, start and end 16, four compact decimals of 13 bytes each
    int at = 3 + 2 + 6 + 16 + 4 * 13;
    assertThat(payload[at]).as("tag of the large decimal").isEqualTo((byte) 2);
    return at;
  }

  @Test
  void readsJsonWhenThePayloadIsText() throws IOException {
    assertThat(WireFormat.read(Json.write(VECTOR), FeatureVector.class)).isEqualTo(VECTOR);
    assertThat(WireFormat.isBinary(Json.write(VECTOR))).isFalse();
    assertThat(WireFormat.isBinary(new byte[0])).isFalse();
  }

  @Test
  void refusesEveryDamagedPayloadWithItsReason() {
    byte[] good = WireFormat.write(VECTOR);
    for (int cut = 1; cut < good.length; cut++) {
      byte[] truncated = Arrays.copyOf(good, cut);
      assertThatThrownBy(() -> WireFormat.read(truncated, FeatureVector.class))
          .as("cut at %d", cut)
          .isInstanceOf(IOException.class);
    }
    byte[] longer = Arrays.copyOf(good, good.length + 3);
    assertThatThrownBy(() -> WireFormat.read(longer, FeatureVector.class))
        .hasMessageContaining("3 bytes after the end");
    byte[] newer = good.clone();
    newer[1] = 2;
    assertThatThrownBy(() -> WireFormat.read(newer, FeatureVector.class))
        .hasMessageContaining("version 2");
    assertThatThrownBy(() -> WireFormat.read(good, Trade.class))
        .hasMessageContaining("where a Trade was expected");
    byte[] otherType = good.clone();
    otherType[2] = 'Q';
    assertThatThrownBy(() -> WireFormat.read(otherType, FeatureVector.class))
        .hasMessageContaining("type 'Q'");
    byte[] bigCount = good.clone();
    int countAt = good.length - VECTOR.values().length * Double.BYTES - Integer.BYTES;
    bigCount[countAt] = 0x10;
    assertThatThrownBy(() -> WireFormat.read(bigCount, FeatureVector.class))
        .hasMessageContaining("values announced");
    byte[] negativeCount = good.clone();
    negativeCount[countAt] = (byte) 0x80;
    assertThatThrownBy(() -> WireFormat.read(negativeCount, FeatureVector.class))
        .hasMessageContaining("negative number of values");
  }
}
