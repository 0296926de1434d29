package io.github.flinktrader.execution;

import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class StateTypesTest {

  @Test
  void executionStateIsSerializedAsPojoWithoutKryo() {
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(ExecutionState.class);
  }
}
