package io.github.flinktrader.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.junit.jupiter.api.Test;

class DeviceSlotsTest {

  static ExternalResourceInfo gpu(String index) {
    return new ExternalResourceInfo() {
      @Override
      public Optional<String> getProperty(String key) {
        return "index".equals(key) ? Optional.of(index) : Optional.empty();
      }

      @Override
      public Collection<String> getKeys() {
        return Set.of("index");
      }
    };
  }

  @Test
  void slotsTakeTheAssignedGpusInTurnAndFallBackToTheCpu() {
    assertThat(DeviceSlots.assign(Set.of(), 0, 2)).containsExactly("cpu", "cpu");
    assertThat(DeviceSlots.assign(Set.of(gpu("0")), 0, 2)).containsExactly("cpu", "cpu");
    assertThat(DeviceSlots.assign(Set.of(gpu("1"), gpu("0")), 2, 3))
        .containsExactly("gpu:0", "gpu:1", "gpu:0");
  }
}
