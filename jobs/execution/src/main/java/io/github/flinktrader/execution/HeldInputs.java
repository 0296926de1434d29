package io.github.flinktrader.execution;

import io.github.flinktrader.serde.Json;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * Inputs held in keyed state until the watermark passes their time, then released together per
 * timestamp: for operators that must apply their inputs in event-time order whatever order they
 * arrive in (the risk gate, the simulated broker), so a replay decides the same. Kept as JSON, so
 * the held type may gain fields across releases.
 *
 * @param <T> the input type
 */
final class HeldInputs<T> implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final Class<T[]> arrayType;

  private transient MapState<Long, byte[]> held;

  HeldInputs(String name, Class<T[]> arrayType) {
    this.name = name;
    this.arrayType = arrayType;
  }

  void open(RuntimeContext context) {
    held =
        context.getMapState(
            new MapStateDescriptor<>(
                name, Types.LONG, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
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
    List<T> list = read(t);
    list.add(value);
    held.put(t, Json.write(list));
    timers.registerEventTimeTimer(t);
    return true;
  }

  /** What was held for {@code t}, in arrival order, and forgets it; empty when nothing was. */
  List<T> release(long t) throws Exception {
    List<T> list = read(t);
    held.remove(t);
    return list;
  }

  private List<T> read(long t) throws Exception {
    byte[] json = held.get(t);
    return json == null ? new ArrayList<>() : new ArrayList<>(List.of(Json.read(json, arrayType)));
  }
}
