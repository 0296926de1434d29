package io.github.flinktrader.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which device each model slot of a task runs on. Flink's external-resource framework tells a task
 * which GPUs its TaskManager owns ({@code external-resources: gpu}, the GPU driver's discovery
 * script, each with an {@code index}); slots take them in turn. With no GPU assigned, or an engine
 * built without CUDA (the CPU native library this project ships), every slot runs on the CPU, and
 * the log says so once.
 */
public final class DeviceSlots {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceSlots.class);
  private static final AtomicBoolean SAID = new AtomicBoolean();

  private DeviceSlots() {}

  /**
   * @param gpus what {@code getExternalResourceInfos("gpu")} returned
   * @param engineGpus GPUs the inference engine can use (0 without CUDA)
   * @return one device name per slot: {@code gpu:<index>} or {@code cpu}
   */
  public static List<String> assign(Set<ExternalResourceInfo> gpus, int engineGpus, int slots) {
    List<String> indexes = new ArrayList<>();
    for (ExternalResourceInfo g : gpus) {
      g.getProperty("index").ifPresent(indexes::add);
    }
    List<String> out = new ArrayList<>();
    if (indexes.isEmpty() || engineGpus < 1) {
      if (SAID.compareAndSet(false, true)) {
        LOG.info(
            indexes.isEmpty()
                ? "inference on CPU: no GPU is assigned to this TaskManager"
                : "inference on CPU: GPUs {} are assigned but the engine has no CUDA",
            indexes);
      }
      for (int i = 0; i < slots; i++) {
        out.add("cpu");
      }
      return out;
    }
    indexes.sort(null);
    for (int i = 0; i < slots; i++) {
      out.add("gpu:" + indexes.get(i % indexes.size()));
    }
    LOG.info("inference slots on {}", out);
    return out;
  }
}
