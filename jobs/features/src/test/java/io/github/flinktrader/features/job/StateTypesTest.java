package io.github.flinktrader.features.job;

import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class StateTypesTest {

  @Test
  void sentimentWindowIsSerializedAsPojoWithoutKryo() {
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(SentimentWindow.class);
  }

  @Test
  void arrivalsAreSerializedAsPojoWithoutKryo() {
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(Arrivals.class);
  }

  @Test
  void longerBarsAreSerializedAsPojoWithoutKryo() {
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(LongerBars.class);
  }
}
