package io.github.flinktrader.execution;

import io.github.flinktrader.serde.TypedStateSerializer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.streaming.api.TimerService;

/**
 * Inputs held in keyed state until the watermark passes their time, then released together per
 * timestamp: for operators that must apply their inputs in event-time order whatever order they
 * arrive in (the risk gate, the simulated broker), so a replay decides the same. The callers sort
 * what one timestamp releases with their input's replay order. Kept as lists of the input type
 * through Flink's serializer for it (a POJO's: the held type may gain fields across releases);
 * release 0.1.0's JSON arrays still read.
 *
 * @param <T> the input type
 */
final class HeldInputs<T> implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final Class<T> type;

  private transient MapState<Long, List<T>> held;

  HeldInputs(String name, Class<T> type) {
    this.name = name;
    this.type = type;
  }

  void open(RuntimeContext context) {
    held =
        context.getMapState(
            new MapStateDescriptor<>(
                name,
                LongSerializer.INSTANCE,
                TypedStateSerializer.listOf(
                    context.createSerializer(TypeInformation.of(type)), type)));
  }

  /**
   * Holds {@code value} until the watermark passes {@code t} (an event-time timer at {@code t}
   * releases it); false when {@code t} is already behind the watermark, and the caller applies it
   * at once.
   */
  boolean hold(long t, T value, TimerService timers) throws Exception {
    if (t <= timers.currentWatermark()) {
      return false;
    }
    List<T> list = held.get(t);
    if (list == null) {
      list = new ArrayList<>();
    }
    list.add(value);
    held.put(t, list);
    timers.registerEventTimeTimer(t);
    return true;
  }

  /** What was held for {@code t}, in arrival order, and forgets it; empty when nothing was. */
  List<T> release(long t) throws Exception {
    List<T> list = held.get(t);
    if (list == null) {
      return new ArrayList<>();
    }
    held.remove(t);
    return list;
  }
}
