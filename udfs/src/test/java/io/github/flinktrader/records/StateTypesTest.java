package io.github.flinktrader.records;

import io.github.flinktrader.features.FeatureState;
import io.github.flinktrader.market.Ohlcv;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/** Types kept in Flink state are POJOs too, so savepoints never hold Kryo-serialised bytes. */
class StateTypesTest {

  @Test
  void sharedStateTypesAreSerializedAsPojosWithoutKryo() {
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(FeatureState.class);
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(Ohlcv.class);
  }
}
