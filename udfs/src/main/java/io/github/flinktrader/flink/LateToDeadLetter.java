package io.github.flinktrader.flink;

import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Event;
import io.github.flinktrader.serde.DeadLetters;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * A record that arrived after the event-time window it belongs to was emitted becomes a dead letter
 * with its payload, counted in {@code deadLetters.<reason>}: late data is kept and visible, never
 * dropped silently.
 */
public final class LateToDeadLetter<T extends Event> extends RichMapFunction<T, DeadLetter> {

  private static final long serialVersionUID = 1L;

  private final String stage;
  private final String reason;
  private transient Counter counter;

  public LateToDeadLetter(String stage, String reason) {
    this.stage = stage;
    this.reason = reason;
  }

  @Override
  public void open(OpenContext ctx) {
    counter = getRuntimeContext().getMetricGroup().addGroup("deadLetters").counter(reason);
  }

  @Override
  public DeadLetter map(T late) {
    counter.inc();
    return DeadLetters.refused(
        stage,
        late.eventTime(),
        reason,
        late.getClass().getSimpleName()
            + " for key "
            + late.key()
            + " at "
            + late.eventTime()
            + " arrived after its window was emitted",
        late);
  }
}
